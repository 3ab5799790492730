/* salve-importer.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Speed comes from one transaction, parsing and inserting in two threads,
 * and the diary and session repositories' bulk writers (statements
 * prepared once, texts bound without copying, SALVE_DIARY_BULK_GROUP
 * diary rows per INSERT, and a duplicate check that costs at most one
 * seek in the (profile, time) index): a row is a duplicate when a row
 * stored before this import, at the same instant, has the same key. Rows
 * of the file itself never make each other duplicates: identical rows of
 * one export are as many entries. The tables' SQL lives in those
 * repositories only.
 *
 * The write lock is taken only once the source has been read to its end:
 * it is first copied into a private temporary file beside the database,
 * so a slow source (a pipe, a network share) never keeps other writers
 * out; only checking and storing the local copy happens under the lock.
 */

#define G_LOG_DOMAIN "salve-importer"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "salve-csv-writer.h"
#include "salve-db.h"
#include "salve-diary-entry.h"
#include "salve-diary-repo.h"
#include "salve-importer.h"
#include "salve-medication-repo.h"
#include "salve-fhir.h"
#include "salve-sha256.h"
#include "salve-safe-output-stream.h"
#include "salve-session-repo.h"
#include "salve-time.h"

#define PROGRESS_EVERY 4096
/* Dates that read one way only, enough to tell the file's order; and
 * rows without a date that could be read two ways, enough to tell that
 * the file writes its dates year first (as Salve's own export does). */
#define DATE_ORDER_EVIDENCE 200
#define DATE_ORDER_YEAR_FIRST_ROWS 1000
#define SPOOL_CHUNK    (64 * 1024)
/* A Bundle is parsed whole: memory grows with it, so it has a bound. */
#define SALVE_IMPORTER_MAX_FHIR_BYTES ((gsize) 256 * 1024 * 1024)

struct _SalveImporter
{
  GObject                parent_instance;

  char                  *db_path;
  SalveDb               *given_db;           /* salve_importer_new_for_db() */
  gint64                 profile_id;
  GFile                 *file;
  gboolean               dry_run;
  gboolean               strict;
  SalveCsvMapping       *wanted_mapping;
  char                   wanted_delimiter;
  SalveCsvDateOrder      wanted_date_order;
  GFile                 *rejects_file;
  guint                  sample_size;
  SalveImportRejectFunc  reject_func;
  gpointer               reject_data;

  /* While running. */
  SalveDb               *db;
  sqlite3               *handle;
  gint64                 saved_cache_size;   /* of a given connection */
  gboolean               sole_writer;        /* on a rollback journal */
  SalveDiaryBulk        *diary;
  SalveSessionBulk      *sessions;
  SalveMedicationBulk   *medication;
  sqlite3_stmt          *keep_hot;
  /* Salve's `all` export links diary ratings to sessions by the session's
   * number in the file: the stored id of each numbered session, and the
   * ratings added with a link, tied up once every row is in. */
  GHashTable            *session_ids;   /* gint64 number → gint64 id */
  GArray                *links;         /* Link */
  SalveCsvReader        *reader;
  GBytes                *fhir;               /* a FHIR Bundle, read whole */
  GPtrArray             *fhir_links;         /* SalveFhirLink */
  SalveFhirSkipped       fhir_skipped;
  guint                  n_numbness;         /* valid diary rows that note it */
  guint                  n_weakness;
  SalveCsvValidator     *validator;
  GOutputStream         *rejects_out;
  GString               *line;
  GCancellable          *cancellable;
  GError                *row_error;
  gboolean               header_seen;
  gboolean               month_first;        /* the file's dates, see scan_date_order() */
  gboolean               was_fhir;           /* the last run read a FHIR Bundle */
  char                  *date_order_note;
  char                  *zone_note;          /* the heading's time zone, see take_header() */
  guint                  n_titles;           /* lines above the header, see salve_csv_row_get_title() */
  guint                  title_line;
  char                  *title;
  guint64                file_size;
  GFileIOStream         *spool;
  gint                   progress_permille;  /* atomic */

  /* The writer thread (see "pipeline" below). */
  gboolean               pipelined;
  GThread               *writer;
  GAsyncQueue           *full_batches;
  GAsyncQueue           *free_batches;
  struct _Batch         *batch;
  GError                *writer_error;
  gint                   writer_failed;      /* atomic */
  guint                  batches_written;

  /* Results. */
  SalveImportCounts      counts;
  gboolean               committed;
  gint64                 import_id;
  GPtrArray             *rejects;
  GPtrArray             *samples;
  SalveCsvMapping       *mapping;
  SalveCsvEncoding       encoding;
  char                   delimiter;
  char                  *sha256;
  GStrv                  warnings;
};

G_DEFINE_FINAL_TYPE (SalveImporter, salve_importer, G_TYPE_OBJECT)

void
salve_import_reject_free (SalveImportReject *reject)
{
  if (reject == NULL)
    return;

  g_free (reject->column_name);
  g_free (reject->reason);
  g_strfreev (reject->cells);
  g_free (reject);
}

void
salve_import_sample_free (SalveImportSample *sample)
{
  if (sample == NULL)
    return;

  for (guint i = 0; i < SALVE_CSV_N_FIELDS; i++)
    g_free (sample->values[i]);
  g_free (sample->reason);
  g_free (sample);
}

static void
clear_results (SalveImporter *self)
{
  memset (&self->fhir_skipped, 0, sizeof self->fhir_skipped);
  memset (&self->counts, 0, sizeof self->counts);
  self->n_numbness = 0;
  self->n_weakness = 0;
  self->was_fhir = FALSE;
  self->committed = FALSE;
  self->import_id = 0;
  self->header_seen = FALSE;
  g_ptr_array_set_size (self->rejects, 0);
  g_ptr_array_set_size (self->samples, 0);
  g_clear_pointer (&self->mapping, salve_csv_mapping_free);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->warnings, g_strfreev);
  g_clear_pointer (&self->date_order_note, g_free);
  g_clear_pointer (&self->zone_note, g_free);
  g_clear_pointer (&self->title, g_free);
  self->n_titles = 0;
  self->title_line = 0;
  self->month_first = FALSE;
  g_atomic_int_set (&self->progress_permille, 0);
  g_atomic_int_set (&self->writer_failed, 0);
  self->batches_written = 0;
  g_clear_error (&self->writer_error);
}

static void
salve_importer_finalize (GObject *object)
{
  SalveImporter *self = (SalveImporter *)object;

  g_free (self->db_path);
  g_clear_object (&self->given_db);
  g_clear_object (&self->file);
  g_clear_object (&self->rejects_file);
  g_clear_pointer (&self->wanted_mapping, salve_csv_mapping_free);
  g_clear_pointer (&self->mapping, salve_csv_mapping_free);
  g_clear_pointer (&self->rejects, g_ptr_array_unref);
  g_clear_pointer (&self->samples, g_ptr_array_unref);
  g_free (self->sha256);
  g_strfreev (self->warnings);
  g_free (self->date_order_note);
  g_free (self->zone_note);
  g_free (self->title);

  G_OBJECT_CLASS (salve_importer_parent_class)->finalize (object);
}

static void
salve_importer_class_init (SalveImporterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = salve_importer_finalize;
}

static void
salve_importer_init (SalveImporter *self)
{
  self->rejects = g_ptr_array_new_with_free_func ((GDestroyNotify) salve_import_reject_free);
  self->samples = g_ptr_array_new_with_free_func ((GDestroyNotify) salve_import_sample_free);
  self->delimiter = ',';
}

SalveImporter *
salve_importer_new (const char *db_path,
                    gint64      profile_id,
                    GFile      *file)
{
  SalveImporter *self;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (SALVE_TYPE_IMPORTER, NULL);
  self->db_path = g_strdup (db_path);
  self->profile_id = profile_id;
  self->file = g_object_ref (file);

  return self;
}

SalveImporter *
salve_importer_new_for_db (SalveDb *db,
                           gint64   profile_id,
                           GFile   *file)
{
  SalveImporter *self;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);

  self = salve_importer_new (salve_db_get_path (db), profile_id, file);
  self->given_db = g_object_ref (db);

  return self;
}

void
salve_importer_set_dry_run (SalveImporter *self,
                            gboolean       dry_run)
{
  g_return_if_fail (SALVE_IS_IMPORTER (self));
  self->dry_run = dry_run;
}

void
salve_importer_set_strict (SalveImporter *self,
                           gboolean       strict)
{
  g_return_if_fail (SALVE_IS_IMPORTER (self));
  self->strict = strict;
}

void
salve_importer_set_mapping (SalveImporter         *self,
                            const SalveCsvMapping *mapping)
{
  g_return_if_fail (SALVE_IS_IMPORTER (self));

  g_clear_pointer (&self->wanted_mapping, salve_csv_mapping_free);
  if (mapping != NULL)
    self->wanted_mapping = salve_csv_mapping_copy (mapping);
}

void
salve_importer_set_delimiter (SalveImporter *self,
                              char           delimiter)
{
  g_return_if_fail (SALVE_IS_IMPORTER (self));
  self->wanted_delimiter = delimiter;
}

void
salve_importer_set_date_order (SalveImporter     *self,
                               SalveCsvDateOrder  order)
{
  g_return_if_fail (SALVE_IS_IMPORTER (self));
  g_return_if_fail (order == SALVE_CSV_DATE_NONE || order == SALVE_CSV_DATE_DAY_FIRST ||
                    order == SALVE_CSV_DATE_MONTH_FIRST);
  self->wanted_date_order = order;
}

void
salve_importer_set_rejects_file (SalveImporter *self,
                                 GFile         *file)
{
  g_return_if_fail (SALVE_IS_IMPORTER (self));
  g_set_object (&self->rejects_file, file);
}

void
salve_importer_set_sample_size (SalveImporter *self,
                                guint          n)
{
  g_return_if_fail (SALVE_IS_IMPORTER (self));
  self->sample_size = n;
}

void
salve_importer_set_reject_func (SalveImporter         *self,
                                SalveImportRejectFunc  func,
                                gpointer               user_data)
{
  g_return_if_fail (SALVE_IS_IMPORTER (self));
  self->reject_func = func;
  self->reject_data = user_data;
}

static gboolean
sqlite_check (SalveImporter  *self,
              int             rc,
              GError        **error)
{
  if (rc == SQLITE_OK || rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  _salve_db_set_error (self->db, rc, error);
  return FALSE;
}

/* ---- rejects and samples ----------------------------------------------- */

/* The rejects file appears only once every row is read, and before the
 * import is committed: a rejects file that cannot be written fails the
 * import rather than lose the rows it lists. */
static gboolean
commit_rejects (SalveImporter  *self,
                GError        **error)
{
  if (self->rejects_out == NULL)
    return TRUE;

  return salve_safe_output_stream_commit (SALVE_SAFE_OUTPUT_STREAM (self->rejects_out),
                                          self->cancellable, error);
}

static gboolean
write_line (SalveImporter  *self,
            GError        **error)
{
  gboolean ok = g_output_stream_write_all (self->rejects_out, self->line->str, self->line->len,
                                           NULL, self->cancellable, error);

  g_string_truncate (self->line, 0);
  return ok;
}

/* A cell of the file, into the rejects file, guarded like an export (a
 * rejected row is often the one a spreadsheet would run as a formula). A
 * cell that begins with an apostrophe is inert in a spreadsheet already,
 * and an import reads it back as it read it from the file: it goes as it
 * came. Guarded again ("''=x"), the row read back from the rejects file
 * gave another text than the same row from the file. */
static void
append_file_cell (SalveImporter *self,
                  const char    *text,
                  gboolean       first)
{
  salve_csv_append_cell (self->line, text, self->delimiter, first, text == NULL || text[0] != '\'');
}

static gboolean
write_rejects_header (SalveImporter      *self,
                      const SalveCsvRow  *row,
                      GError            **error)
{
  if (self->rejects_out == NULL)
    return TRUE;

  g_string_append (self->line, "\xEF\xBB\xBF");
  for (guint i = 0; i < row->n_cells; i++)
    append_file_cell (self, row->cells[i], i == 0);
  salve_csv_append_cell (self->line, _("line"), self->delimiter, row->n_cells == 0, FALSE);
  salve_csv_append_cell (self->line, _("column"), self->delimiter, FALSE, FALSE);
  salve_csv_append_cell (self->line, _("reason"), self->delimiter, FALSE, FALSE);
  salve_csv_append_row_end (self->line);

  return write_line (self, error);
}

static void
add_sample (SalveImporter        *self,
            const SalveCsvRow    *row,
            SalveImportRowStatus  status,
            const SalveCsvRecord *rec,
            const char           *reason)
{
  SalveImportSample *sample;
  char num[G_ASCII_DTOSTR_BUF_SIZE];

  if (self->samples->len >= self->sample_size)
    return;

  sample = g_new0 (SalveImportSample, 1);
  sample->line = row->line;
  sample->status = status;
  sample->reason = g_strdup (reason);

  if (rec != NULL)
    {
      sample->kind = rec->kind;
      sample->values[SALVE_CSV_FIELD_KIND] = g_strdup (rec->kind == SALVE_CSV_KIND_DIARY ? "diary" :
                                                       rec->kind == SALVE_CSV_KIND_MEDICATION ? "medication" : "session");
      sample->values[SALVE_CSV_FIELD_MEDICATION] = g_strdup (rec->medication);
      sample->values[SALVE_CSV_FIELD_DOSE] = g_strdup (rec->dose);
      sample->values[SALVE_CSV_FIELD_AS_NEEDED] =
        g_strdup (rec->has_medication ? salve_medication_kind_to_id (rec->as_needed) : "");
      sample->values[SALVE_CSV_FIELD_AT] = g_strdup (rec->at);
      sample->values[SALVE_CSV_FIELD_STARTED_AT] = g_strdup (rec->at);
      sample->values[SALVE_CSV_FIELD_ENDED_AT] = g_strdup (rec->ended_at);
      sample->values[SALVE_CSV_FIELD_PAIN] = rec->pain >= 0 ? g_strdup_printf ("%d", rec->pain) : NULL;
      sample->values[SALVE_CSV_FIELD_FATIGUE] = rec->fatigue >= 0 ? g_strdup_printf ("%d", rec->fatigue) : NULL;
      sample->values[SALVE_CSV_FIELD_SLEEP] = rec->sleep >= 0 ? g_strdup_printf ("%d", rec->sleep) : NULL;
      sample->values[SALVE_CSV_FIELD_STRESS] = rec->has_stress ? g_strdup_printf ("%d", rec->stress) : NULL;
      sample->values[SALVE_CSV_FIELD_PAIN_BEFORE] = rec->pain_before >= 0 ? g_strdup_printf ("%d", rec->pain_before) : NULL;
      sample->values[SALVE_CSV_FIELD_PAIN_AFTER] = rec->pain_after >= 0 ? g_strdup_printf ("%d", rec->pain_after) : NULL;
      sample->values[SALVE_CSV_FIELD_SUCCESS] = g_strdup (rec->kind == SALVE_CSV_KIND_DIARY ? (rec->success ? "1" : "0") : "");
      sample->values[SALVE_CSV_FIELD_REGION] = g_strdup (rec->region);
      sample->values[SALVE_CSV_FIELD_ACTIVITIES] = g_strdup (rec->activities);
      sample->values[SALVE_CSV_FIELD_ACTIVITY_MINUTES] = g_strdup (rec->activity_minutes);
      sample->values[SALVE_CSV_FIELD_NEW_WEAKNESS] =
        g_strdup (rec->kind == SALVE_CSV_KIND_DIARY ? (rec->new_weakness ? "1" : "0") : "");
      sample->values[SALVE_CSV_FIELD_NUMBNESS] =
        g_strdup (rec->kind == SALVE_CSV_KIND_DIARY ? (rec->numbness ? "1" : "0") : "");
      sample->values[SALVE_CSV_FIELD_NOTE] = g_strdup (rec->note);
      sample->values[SALVE_CSV_FIELD_DEVICE] = g_strdup (rec->device);
      sample->values[SALVE_CSV_FIELD_MODALITY] = g_strdup (rec->modality);
      sample->values[SALVE_CSV_FIELD_SITE] = g_strdup (rec->site);
      sample->values[SALVE_CSV_FIELD_PROGRAM] = g_strdup (rec->program);
      sample->values[SALVE_CSV_FIELD_PARAMS] = g_strdup (rec->kind == SALVE_CSV_KIND_SESSION ? rec->params : NULL);
      sample->values[SALVE_CSV_FIELD_PLANNED_MINUTES] =
        rec->has_planned ? g_strdup (salve_csv_format_double (num, rec->planned_minutes)) : NULL;
      sample->values[SALVE_CSV_FIELD_OUTCOME] = g_strdup (rec->outcome);
      sample->values[SALVE_CSV_FIELD_OUTCOME_REASON] = g_strdup (rec->outcome_reason);
      sample->values[SALVE_CSV_FIELD_SIDE_EFFECTS] = g_strdup (rec->side_effects);
      sample->values[SALVE_CSV_FIELD_SKIN_CHECK] = g_strdup (rec->skin_check);
    }
  else
    {
      /* A rejected row shows what the file says, mapped. */
      for (guint i = 0; i < row->n_cells && self->mapping && i < salve_csv_mapping_get_n_columns (self->mapping); i++)
        {
          SalveCsvField field = salve_csv_mapping_get_field (self->mapping, i);

          if (field != SALVE_CSV_FIELD_IGNORE)
            sample->values[field] = g_strdup (row->cells[i]);
        }
    }

  for (guint i = 0; i < SALVE_CSV_N_FIELDS; i++)
    if (sample->values[i] == NULL)
      sample->values[i] = g_strdup ("");

  g_ptr_array_add (self->samples, sample);
}

static gboolean
handle_reject (SalveImporter      *self,
               const SalveCsvRow  *row,
               int                 column,
               char               *reason)
{
  SalveImportReject reject = { 0 };
  g_autofree char *line_text = NULL;
  g_autofree char *column_text = NULL;
  const char *column_name = "";

  self->counts.rejected++;
  add_sample (self, row, SALVE_IMPORT_ROW_REJECTED, NULL, reason);

  if (column >= 0 && self->mapping && (guint) column < salve_csv_mapping_get_n_columns (self->mapping))
    column_name = salve_csv_mapping_get_header (self->mapping, column);

  reject.line = row->line;
  reject.column = column;
  reject.column_name = (char *) column_name;
  reject.reason = reason;
  reject.cells = (char **) row->cells;

  if (self->reject_func != NULL)
    self->reject_func (&reject, self->reject_data);

  if (self->rejects->len < SALVE_IMPORTER_MAX_KEPT_REJECTS)
    {
      SalveImportReject *kept = g_new0 (SalveImportReject, 1);

      kept->line = row->line;
      kept->column = column;
      kept->column_name = g_strdup (column_name);
      kept->reason = g_strdup (reason);
      kept->cells = g_strdupv ((char **) row->cells);
      g_ptr_array_add (self->rejects, kept);
    }

  if (self->rejects_out != NULL)
    {
      /* The header's last column: 0 for a header of none. */
      guint last = MAX (self->mapping ? salve_csv_mapping_get_n_columns (self->mapping) : row->n_cells, 1) - 1;

      line_text = g_strdup_printf ("%u", row->line);
      column_text = column >= 0 ? g_strdup_printf ("%d", column + 1) : g_strdup ("");

      /* A row with more cells than the header: those beyond its last
       * column go into that column, joined by the delimiter, so that
       * line, column and reason stay under their header (they stood
       * under the row's extra cells). */
      for (guint i = 0; i < row->n_cells && i < last; i++)
        append_file_cell (self, row->cells[i], i == 0);
      if (row->n_cells > last)
        {
          g_autoptr(GString) rest = g_string_new (row->cells[last]);

          for (guint i = last + 1; i < row->n_cells; i++)
            {
              g_string_append_c (rest, self->delimiter);
              g_string_append (rest, row->cells[i]);
            }
          append_file_cell (self, rest->str, last == 0);
        }
      /* Pad short rows so line, column and reason stay under their header. */
      for (guint i = row->n_cells; self->mapping && i < salve_csv_mapping_get_n_columns (self->mapping); i++)
        salve_csv_append_cell (self->line, "", self->delimiter, i == 0, FALSE);
      salve_csv_append_cell (self->line, line_text, self->delimiter, self->line->len == 0, FALSE);
      salve_csv_append_cell (self->line, column_text, self->delimiter, FALSE, FALSE);
      salve_csv_append_cell (self->line, reason, self->delimiter, FALSE, TRUE);
      salve_csv_append_row_end (self->line);
      if (!write_line (self, &self->row_error))
        {
          g_free (reason);
          return FALSE;
        }
    }

  g_free (reason);
  return TRUE;
}

/* ---- inserting ----------------------------------------------------------- */

typedef struct
{
  gint64 diary_id;
  gint64 session_ref;
  int    phase;
} Link;

/* A numbered session of the file is this stored one: the row just added,
 * or the one it duplicates. */
static void
note_session (SalveImporter        *self,
              const SalveCsvRecord *rec,
              gint64                id)
{
  if (rec->session_ref > 0 && id > 0)
    g_hash_table_insert (self->session_ids, g_memdup2 (&rec->session_ref, sizeof (gint64)),
                         g_memdup2 (&id, sizeof id));
}

/* Every rating added with a link to a session of the file points at that
 * session now; a link to a session that is not in the file is left out. */
static gboolean
tie_links (SalveImporter  *self,
           GError        **error)
{
  for (guint i = 0; i < self->links->len; i++)
    {
      const Link *link = &g_array_index (self->links, Link, i);
      const gint64 *session_id = g_hash_table_lookup (self->session_ids, &link->session_ref);

      if (session_id != NULL &&
          !salve_diary_bulk_link_session (self->diary, link->diary_id, *session_id, link->phase, error))
        return FALSE;
    }

  return TRUE;
}

/* A diary record as the diary repository stores it. @lens: the byte
 * lengths of the instant, region, activities and note, or NULL to have
 * them measured. */
static void
diary_row_from_record (SalveDiaryBulkRow    *row,
                       const SalveCsvRecord *rec,
                       const int            *lens)
{
  row->at = rec->at;
  row->at_len = lens ? lens[0] : -1;
  row->at_unix = rec->at_unix;
  row->pain = rec->pain;
  row->fatigue = rec->fatigue;
  row->sleep_quality = rec->sleep;
  row->stress = rec->has_stress ? rec->stress : -1;
  row->region = rec->region;
  row->region_len = lens ? lens[1] : -1;
  row->activities = rec->activities;
  row->activities_len = lens ? lens[2] : -1;
  row->note = rec->note;
  row->note_len = lens ? lens[3] : -1;
  row->success = rec->success;
  row->new_weakness = rec->new_weakness;
  row->numbness = rec->numbness;
  row->activity_minutes = NULL;
  row->n_activity_minutes = 0;
  row->dedupe_key = rec->key;
  row->typed_key = rec->typed_key;
}

static void
session_row_from_record (SalveSessionBulkRow  *row,
                         const SalveCsvRecord *rec)
{
  row->device_name = rec->device;
  row->modality = rec->modality;
  row->site = rec->site;
  row->program = rec->program;
  row->params_json = rec->params;
  row->has_planned = rec->has_planned;
  row->planned_minutes = rec->planned_minutes;
  row->started_at = rec->has_at ? rec->at : NULL;
  row->started_unix = rec->at_unix;
  row->ended_at = rec->has_ended ? rec->ended_at : NULL;
  row->outcome = rec->outcome;
  row->outcome_reason = rec->outcome_reason;
  row->pain_before = rec->pain_before;
  row->pain_after = rec->pain_after;
  row->side_effects = rec->side_effects;
  row->skin_check = rec->skin_check;
  row->note = rec->note;
  row->dedupe_key = rec->key;
  /* Exported with --include-practice, a practice session comes back as
   * practice, not as a treatment whose pain before and after count. */
  {
    SalveModality modality = SALVE_N_MODALITIES;

    if (rec->modality == NULL || !salve_modality_from_id (rec->modality, &modality))
      modality = SALVE_N_MODALITIES;
    row->practice = salve_session_is_practice_device_name (modality, rec->device);
  }
}

/* The same medicine and dose at the same instant is already there (the
 * table's unique index): *inserted FALSE, a duplicate. */
static gboolean
insert_medication (SalveImporter        *self,
                   const SalveCsvRecord *rec,
                   gboolean             *inserted,
                   GError              **error)
{
  return salve_medication_bulk_add (self->medication, rec->at, rec->at_unix, rec->medication, rec->dose,
                                    rec->as_needed, rec->kind == SALVE_CSV_KIND_MEDICATION ? rec->note : "",
                                    inserted, error);
}

static gboolean
insert_record (SalveImporter        *self,
               const SalveCsvRecord *rec,
               gboolean             *inserted,
               GError              **error)
{
  gint64 id = 0;

  if (rec->kind == SALVE_CSV_KIND_MEDICATION)
    return insert_medication (self, rec, inserted, error);

  /* The intake beside a rating goes in even when the rating was there
   * already: an intake added since is not lost. */
  if (rec->kind == SALVE_CSV_KIND_DIARY && rec->has_medication)
    {
      gboolean added;

      if (!insert_medication (self, rec, &added, error))
        return FALSE;
    }

  if (rec->kind == SALVE_CSV_KIND_DIARY)
    {
      g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (SalveCsvActivityMinutes));
      g_autofree SalveDiaryBulkActivity *activities = NULL;
      g_autofree char *reason = NULL;
      SalveDiaryBulkRow row;

      diary_row_from_record (&row, rec, NULL);
      /* The validator checked the cell: it reads again the same. */
      if (rec->activity_minutes != NULL &&
          !salve_csv_parse_activity_minutes (rec->activity_minutes, pairs, &reason))
        {
          g_set_error_literal (error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_FAILED, reason);
          return FALSE;
        }
      if (pairs->len > 0)
        {
          activities = g_new (SalveDiaryBulkActivity, pairs->len);
          for (guint i = 0; i < pairs->len; i++)
            {
              activities[i].id = g_array_index (pairs, SalveCsvActivityMinutes, i).id;
              activities[i].minutes = g_array_index (pairs, SalveCsvActivityMinutes, i).minutes;
            }
          row.activity_minutes = activities;
          row.n_activity_minutes = pairs->len;
        }
      if (!salve_diary_bulk_add (self->diary, &row, inserted, &id, error))
        return FALSE;
      if (*inserted && rec->session_ref > 0)
        {
          Link link = { id, rec->session_ref, rec->session_phase };

          g_array_append_val (self->links, link);
        }
    }
  else
    {
      SalveSessionBulkRow row;

      session_row_from_record (&row, rec);
      if (!salve_session_bulk_add (self->sessions, &row, inserted, rec->session_ref > 0 ? &id : NULL, error))
        return FALSE;
      note_session (self, rec, id);
    }

  return TRUE;
}

/* ---- pipeline -------------------------------------------------------------
 *
 * Reading, decoding and validating a row costs about as much as SQLite's
 * insert, so they run side by side: this thread parses and validates into
 * batches, a writer thread inserts them, in file order, on the same
 * connection (only the writer touches it until it is joined). A few
 * batches circulate between two queues, so memory stays bounded and no row
 * allocates. The writer starts before the file is read: it makes the
 * database ready (begin_run()) while this thread reads the file's start,
 * so neither waits for the other at the start. The preview (samples) runs
 * without it: it wants each row's outcome in line order, and is a dry run
 * anyway.
 */

#define BATCH_ROWS 1024
#define N_BATCHES  4
#define N_TEXTS    15
#define ACTIVITY_MINUTES_TEXT 14   /* record_text()'s index */

typedef struct _Batch
{
  guint          n;
  gboolean       last;
  SalveCsvRecord records[BATCH_ROWS];
  gsize          texts[BATCH_ROWS][N_TEXTS];
  /* Byte lengths of the instant and of the diary's three texts, measured
   * on the parsing thread so the inserting one need not. */
  int            lens[BATCH_ROWS][4];
  GString       *arena;
} Batch;

/* Where each text lies in a record. A table, not an array of the
 * record's addresses built at each call: this runs thirty times a row. */
static const gsize text_offsets[N_TEXTS] = {
  G_STRUCT_OFFSET (SalveCsvRecord, region),
  G_STRUCT_OFFSET (SalveCsvRecord, activities),
  G_STRUCT_OFFSET (SalveCsvRecord, note),
  G_STRUCT_OFFSET (SalveCsvRecord, device),
  G_STRUCT_OFFSET (SalveCsvRecord, modality),
  G_STRUCT_OFFSET (SalveCsvRecord, site),
  G_STRUCT_OFFSET (SalveCsvRecord, program),
  G_STRUCT_OFFSET (SalveCsvRecord, params),
  G_STRUCT_OFFSET (SalveCsvRecord, outcome),
  G_STRUCT_OFFSET (SalveCsvRecord, outcome_reason),
  G_STRUCT_OFFSET (SalveCsvRecord, side_effects),
  G_STRUCT_OFFSET (SalveCsvRecord, skin_check),
  G_STRUCT_OFFSET (SalveCsvRecord, medication),
  G_STRUCT_OFFSET (SalveCsvRecord, dose),
  G_STRUCT_OFFSET (SalveCsvRecord, activity_minutes),
};

static inline const char **
record_text (SalveCsvRecord *rec,
             guint           i)
{
  return &G_STRUCT_MEMBER (const char *, rec, text_offsets[i]);
}

static void
batch_add (Batch                *batch,
           const SalveCsvRecord *rec)
{
  SalveCsvRecord *copy = &batch->records[batch->n];

  gsize len[N_TEXTS];
  gsize total = 0;
  gsize at;

  *copy = *rec;
  for (guint i = 0; i < N_TEXTS; i++)
    {
      const char *text = *record_text (copy, i);

      len[i] = text != NULL ? strlen (text) + 1 : 0;
      total += len[i];
    }

  /* One resize per row; an absent text is stored as "", as before. */
  at = batch->arena->len;
  g_string_set_size (batch->arena, at + total);
  for (guint i = 0; i < N_TEXTS; i++)
    {
      if (len[i] == 0)
        {
          batch->texts[batch->n][i] = G_MAXSIZE;
          continue;
        }
      memcpy (batch->arena->str + at, *record_text (copy, i), len[i]);
      batch->texts[batch->n][i] = at;
      at += len[i];
    }
  batch->lens[batch->n][0] = (int) strlen (copy->at);
  for (guint i = 0; i < 3; i++)
    batch->lens[batch->n][i + 1] = len[i] > 0 ? (int) len[i] - 1 : 0;
  batch->n++;
}

static const char *
batch_text (Batch *batch,
            guint  row,
            guint  i)
{
  gsize offset = batch->texts[row][i];

  return offset == G_MAXSIZE ? "" : batch->arena->str + offset;
}

/* SALVE_DIARY_BULK_GROUP diary rows from @first on, without a link. */
static gboolean
insert_diary_group (SalveImporter *self,
                    Batch         *batch,
                    guint          first)
{
  SalveDiaryBulkRow rows[SALVE_DIARY_BULK_GROUP];

  for (guint k = 0; k < SALVE_DIARY_BULK_GROUP; k++)
    {
      SalveCsvRecord *rec = &batch->records[first + k];

      /* A diary row has three of the texts (record_text's first three). */
      rec->region = batch_text (batch, first + k, 0);
      rec->activities = batch_text (batch, first + k, 1);
      rec->note = batch_text (batch, first + k, 2);
      diary_row_from_record (&rows[k], rec, batch->lens[first + k]);
    }

  return salve_diary_bulk_add_group (self->diary, rows, &self->counts.imported, &self->counts.duplicates,
                                     &self->writer_error);
}

/* The import's own row is written at its start and again at its end;
 * reading it now and then keeps its page in the bounded cache until the
 * commit, as salve_diary_bulk_keep_hot() does for the diary's pages. */
static void
keep_pages_hot (SalveImporter *self)
{
  salve_diary_bulk_keep_hot (self->diary);
  while (sqlite3_step (self->keep_hot) == SQLITE_ROW)
    ;
  sqlite3_reset (self->keep_hot);
}

/* Batches between two calls of _salve_db_write_back(): some 8,000 rows,
 * about a megabyte of pages. */
#define WRITE_BACK_EVERY 8

/* Hands @batch back to the parsing thread, empty. */
static void
give_back (SalveImporter *self,
           Batch         *batch)
{
  batch->n = 0;
  batch->last = FALSE;
  g_string_truncate (batch->arena, 0);
  g_async_queue_push (self->free_batches, batch);
}

/* Writes the batch's rows and hands the batch back, empty. */
static void
write_batch (SalveImporter *self,
             Batch         *batch)
{
  keep_pages_hot (self);
  if (++self->batches_written % WRITE_BACK_EVERY == 0)
    _salve_db_write_back (self->db);

  for (guint r = 0; r < batch->n && !g_atomic_int_get (&self->writer_failed); )
    {
      guint run = 0;

      /* A group of diary rows goes in one statement; a rating
       * linked to a session goes alone, to learn its id, and so does
       * one with a medication intake or activity minutes beside it. */
      while (run < SALVE_DIARY_BULK_GROUP && r + run < batch->n &&
             batch->records[r + run].kind == SALVE_CSV_KIND_DIARY &&
             batch->records[r + run].session_ref == 0 && !batch->records[r + run].has_medication &&
             *batch_text (batch, r + run, ACTIVITY_MINUTES_TEXT) == '\0')
        run++;

      if (run == SALVE_DIARY_BULK_GROUP)
        {
          if (!insert_diary_group (self, batch, r))
            g_atomic_int_set (&self->writer_failed, 1);
          r += SALVE_DIARY_BULK_GROUP;
        }
      else
        {
          gboolean inserted = FALSE;

          for (guint i = 0; i < N_TEXTS; i++)
            *record_text (&batch->records[r], i) = batch_text (batch, r, i);
          if (!insert_record (self, &batch->records[r], &inserted, &self->writer_error))
            g_atomic_int_set (&self->writer_failed, 1);
          else if (inserted)
            self->counts.imported++;
          else
            self->counts.duplicates++;
          r++;
        }
    }

  give_back (self, batch);
}

static gboolean begin_run (SalveImporter  *self,
                           GError        **error);

/* Makes the database ready for the rows, then writes each batch as it
 * comes. Should the database not be ready, the batches only go back, and
 * the parsing thread stops at the next one it sends (send_batch()). */
static gpointer
writer_thread (gpointer user_data)
{
  SalveImporter *self = user_data;
  gboolean ready = begin_run (self, &self->writer_error);

  if (!ready)
    g_atomic_int_set (&self->writer_failed, 1);

  for (;;)
    {
      Batch *batch = g_async_queue_pop (self->full_batches);
      gboolean last = batch->last;

      if (ready)
        write_batch (self, batch);
      else
        give_back (self, batch);
      if (last)
        return NULL;
    }
}

static void
batch_free (gpointer data)
{
  Batch *batch = data;

  g_string_free (batch->arena, TRUE);
  g_free (batch);
}

static void
start_pipeline (SalveImporter *self)
{
  self->full_batches = g_async_queue_new ();
  self->free_batches = g_async_queue_new_full (batch_free);

  for (guint i = 0; i < N_BATCHES; i++)
    {
      Batch *batch = g_new0 (Batch, 1);

      batch->arena = g_string_sized_new (64 * 1024);
      g_async_queue_push (self->free_batches, batch);
    }

  self->batch = g_async_queue_pop (self->free_batches);
  self->writer = g_thread_new ("salve-import-writer", writer_thread, self);
}

static gboolean
send_batch (SalveImporter *self,
            gboolean       last)
{
  self->batch->last = last;
  g_async_queue_push (self->full_batches, self->batch);
  self->batch = last ? NULL : g_async_queue_pop (self->free_batches);

  return !g_atomic_int_get (&self->writer_failed);
}

/* Waits for every row sent so far to be written. */
static gboolean
stop_pipeline (SalveImporter  *self,
               GError        **error)
{
  if (self->full_batches == NULL)
    return TRUE;

  send_batch (self, TRUE);
  g_thread_join (g_steal_pointer (&self->writer));
  g_clear_pointer (&self->full_batches, g_async_queue_unref);
  g_clear_pointer (&self->free_batches, g_async_queue_unref);

  if (self->writer_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->writer_error));
      return FALSE;
    }

  return TRUE;
}

/* ---- the row function ---------------------------------------------------- */

/* The file's encoding and delimiter, as @reader finds them or (the
 * delimiter) as the person chose it: the same for every pass over it. */
static gboolean
sniff (SalveImporter   *self,
       SalveCsvReader  *reader,
       GError         **error)
{
  if (!salve_csv_reader_sniff (reader, self->cancellable, error))
    return FALSE;
  if (self->wanted_delimiter != 0)
    salve_csv_reader_set_delimiter (reader, self->wanted_delimiter);
  return TRUE;
}

static SalveCsvMapping *
mapping_for_header (SalveImporter     *self,
                    const SalveCsvRow *row)
{
  if (self->wanted_mapping != NULL &&
      salve_csv_mapping_get_n_columns (self->wanted_mapping) == row->n_cells)
    return salve_csv_mapping_copy (self->wanted_mapping);

  return salve_csv_mapping_new (row->cells, row->n_cells);
}

/* What the date and time columns' headings say of the file's dates
 * ("Date (MM-DD-YYYY)", "Time (UTC)"): the order, unless the person
 * chose one, and the zone of times without an offset (NULL: local). */
static GTimeZone *
take_headings (SalveImporter *self)
{
  int date = salve_csv_mapping_find_field (self->mapping, SALVE_CSV_FIELD_AT);
  int time = salve_csv_mapping_find_field (self->mapping, SALVE_CSV_FIELD_TIME);
  const char *date_heading = date >= 0 ? salve_csv_mapping_get_header (self->mapping, date) : NULL;
  GTimeZone *zone = NULL;
  const char *zone_heading = NULL;
  gboolean month_first;

  if (date_heading != NULL && self->wanted_date_order == SALVE_CSV_DATE_NONE &&
      salve_csv_heading_get_month_first (date_heading, &month_first))
    {
      self->month_first = month_first;
      g_free (self->date_order_note);
      self->date_order_note = g_strdup_printf (month_first ? _("Dates are read month first, as the heading “%s” says.")
                                                           : _("Dates are read day first, as the heading “%s” says."),
                                               date_heading);
    }

  if (date_heading != NULL && (zone = salve_csv_heading_get_zone (date_heading)) != NULL)
    zone_heading = date_heading;
  else if (time >= 0 && (zone = salve_csv_heading_get_zone (salve_csv_mapping_get_header (self->mapping, time))) != NULL)
    zone_heading = salve_csv_mapping_get_header (self->mapping, time);
  if (zone != NULL)
    {
      int offset = g_time_zone_get_offset (zone, 0);
      g_autofree char *name = offset == 0 ? g_strdup ("UTC")
                              : g_strdup_printf ("UTC%c%02d:%02d", offset < 0 ? '-' : '+',
                                                 ABS (offset) / 3600, ABS (offset) / 60 % 60);

      /* Translators: a time zone ("UTC", "UTC+01:00"), then a column's heading */
      self->zone_note = g_strdup_printf (_("Times without an offset of their own are read in %s, as the heading “%s” "
                                           "says."), name, zone_heading);
    }
  return zone;
}

static gboolean
take_header (SalveImporter     *self,
             const SalveCsvRow *row)
{
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();

  /* Its last cell holds the rest of the file: no row is left to import. */
  if (row->open_quote_line > 0)
    {
      g_set_error (&self->row_error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_FAILED,
                   _("The header’s closing quote (\") is missing: the cell that starts on line %u runs to the end of the file."),
                   row->open_quote_line);
      return FALSE;
    }

  if (row->stray_quote_line > 0)
    {
      g_set_error (&self->row_error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_FAILED,
                   _("A quote (\") inside a quoted cell of the header on line %u is not doubled (\"\"), and the cell runs on to line %u: write each quote inside a quoted cell twice."),
                   row->stray_quote_line, row->last_line);
      return FALSE;
    }

  self->mapping = mapping_for_header (self, row);
  if (!salve_csv_mapping_check (self->mapping, &self->row_error))
    {
      /* Past the titles a file may have, its sixth line of one cell was
       * taken for the header: say where the header was looked for. */
      if (self->n_titles == SALVE_CSV_MAX_TITLES && salve_csv_row_get_title (row, 0) != NULL)
        {
          g_autofree char *reason = g_strdup (self->row_error->message);
          GQuark domain = self->row_error->domain;
          int code = self->row_error->code;

          g_clear_error (&self->row_error);
          /* Translators: the reason the header was not taken, then the line taken for it and how
           * many title lines were skipped (5) */
          g_set_error (&self->row_error, domain, code,
                       _("%s Line %u was taken for the header, below %u lines of titles, as many as Salve "
                         "skips: remove the lines above the header."),
                       reason, row->line, SALVE_CSV_MAX_TITLES);
        }
      return FALSE;
    }

  zone = take_headings (self);
  self->validator = salve_csv_validator_new (self->mapping, local);
  salve_csv_validator_set_times_zone (self->validator, zone);
  salve_csv_validator_set_month_first (self->validator, self->month_first);
  salve_csv_validator_set_latest (self->validator, salve_diary_get_latest_allowed ());

  return write_rejects_header (self, row, &self->row_error);
}

static void
report_progress (SalveImporter *self)
{
  guint64 done;

  /* A Bundle is parsed whole before its first row. */
  if (self->reader == NULL)
    return;
  done = salve_csv_reader_get_bytes_read (self->reader);

  /* The copy was the first half. */
  if (self->file_size > 0)
    g_atomic_int_set (&self->progress_permille, (gint) MIN (1000, 500 + done * 500 / self->file_size));
}

static gboolean
on_row (const SalveCsvRow *row,
        gpointer           user_data)
{
  SalveImporter *self = user_data;
  SalveCsvRecord rec;
  char *reason = NULL;
  gboolean inserted = FALSE;
  int column;

  if (!self->header_seen)
    {
      const char *title = salve_csv_row_get_title (row, self->n_titles);

      if (title != NULL)
        {
          if (self->n_titles++ == 0)
            {
              self->title_line = row->line;
              self->title = g_strdup (title);
            }
          return TRUE;
        }
      self->header_seen = TRUE;
      return take_header (self, row);
    }

  if (salve_csv_row_is_blank (row))
    return TRUE;

  self->counts.read++;

  if ((self->counts.read % PROGRESS_EVERY) == 0)
    {
      report_progress (self);
      if (g_cancellable_is_cancelled (self->cancellable))
        return FALSE;
    }

  /* A row with an unclosed quote is among those the validator rejects. */
  if (!salve_csv_validator_parse (self->validator, row, &rec, &column, &reason))
    return handle_reject (self, row, column, reason);

  /* Warning signs in the file are said, as diary add says them: the
   * preview's table has no column for them. */
  if (rec.kind == SALVE_CSV_KIND_DIARY)
    {
      self->n_numbness += rec.numbness ? 1 : 0;
      self->n_weakness += rec.new_weakness ? 1 : 0;
    }

  if (self->pipelined)
    {
      batch_add (self->batch, &rec);
      return self->batch->n < BATCH_ROWS || send_batch (self, FALSE);
    }

  if (!insert_record (self, &rec, &inserted, &self->row_error))
    return FALSE;

  if (inserted)
    self->counts.imported++;
  else
    self->counts.duplicates++;

  add_sample (self, row, inserted ? SALVE_IMPORT_ROW_NEW : SALVE_IMPORT_ROW_DUPLICATE, &rec, NULL);

  return TRUE;
}

/* ---- keys for rows typed in ---------------------------------------------- */

static gint64
diary_key (const SalveDiaryBulkRow *row,
           gpointer                 user_data)
{
  SalveCsvRecord rec = { 0 };

  rec.kind = SALVE_CSV_KIND_DIARY;
  g_strlcpy (rec.at, row->at, sizeof rec.at);
  rec.at_unix = row->at_unix;
  rec.pain = row->pain;
  rec.region = row->region;
  rec.fatigue = row->fatigue;
  rec.sleep = row->sleep_quality;
  rec.stress = row->stress;
  rec.has_stress = row->stress >= 0;
  rec.activities = row->activities;
  rec.success = row->success;
  rec.note = row->note;

  return salve_csv_record_compute_key (&rec);
}

static gint64
session_key (const SalveSessionBulkRow *row,
             gpointer                   user_data)
{
  SalveCsvRecord rec = { 0 };

  rec.kind = SALVE_CSV_KIND_SESSION;
  g_strlcpy (rec.at, row->started_at, sizeof rec.at);
  g_strlcpy (rec.ended_at, row->ended_at, sizeof rec.ended_at);
  rec.device = row->device_name;
  rec.modality = row->modality;
  rec.site = row->site;
  rec.program = row->program;
  rec.params = row->params_json;
  rec.has_planned = row->has_planned;
  rec.planned_minutes = row->has_planned ? row->planned_minutes : 0;
  rec.outcome = row->outcome;
  rec.outcome_reason = row->outcome_reason;
  rec.pain_before = row->pain_before;
  rec.pain_after = row->pain_after;
  rec.side_effects = row->side_effects;
  rec.skin_check = row->skin_check;
  rec.note = row->note;

  return salve_csv_record_compute_key (&rec);
}

/* Rows typed into Salve, and rows edited there since an import gave them
 * a key (an edit clears it), have no key. Giving them one, computed the
 * way an import of their export would compute it, makes re-importing a
 * profile's own export add nothing. Two identical diary rows both get the
 * key and both stay. Sessions keep their unique (profile, key) index: of
 * two identical sessions the second keeps no key, and both stay. */
static gboolean
backfill_keys (SalveImporter  *self,
               GError        **error)
{
  return salve_diary_repo_fill_keys (self->db, self->profile_id, diary_key, NULL, error) &&
         salve_session_repo_fill_keys (self->db, self->profile_id, session_key, NULL, error);
}

/* ---- running ------------------------------------------------------------- */

static gboolean
prepare (SalveImporter  *self,
         GError        **error)
{
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *now = salve_time_now_iso ();
  sqlite3_stmt *stmt = NULL;
  gboolean exists;
  int rc;

  if (!sqlite_check (self, sqlite3_prepare_v2 (self->handle,
        "SELECT 1 FROM profiles WHERE id = ?1", -1, &stmt, NULL), error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->profile_id);
  rc = sqlite3_step (stmt);
  exists = rc == SQLITE_ROW;
  sqlite3_finalize (stmt);
  if (!exists)
    {
      g_set_error (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND,
                   _("The patient to import into no longer exists."));
      return FALSE;
    }

  if (!sqlite_check (self, sqlite3_prepare_v2 (self->handle,
        "INSERT INTO imports (profile_id, file_name, content_hash, imported_at) VALUES (?1, ?2, '', ?3)",
        -1, &stmt, NULL), error))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->profile_id);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (!sqlite_check (self, rc, error))
    return FALSE;
  self->import_id = sqlite3_last_insert_rowid (self->handle);

  if (!backfill_keys (self, error))
    return FALSE;

  self->diary = salve_diary_bulk_new (self->db, self->profile_id, self->import_id, error);
  if (self->diary == NULL)
    return FALSE;
  self->sessions = salve_session_bulk_new (self->db, self->profile_id, self->import_id, error);
  if (self->sessions == NULL)
    return FALSE;
  self->medication = salve_medication_bulk_new (self->db, self->profile_id, self->import_id, error);
  if (self->medication == NULL)
    return FALSE;

  if (!sqlite_check (self, sqlite3_prepare_v2 (self->handle,
        "SELECT rows_read FROM imports WHERE id = ?1", -1, &self->keep_hot, NULL), error))
    return FALSE;
  sqlite3_bind_int64 (self->keep_hot, 1, self->import_id);

  self->session_ids = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->links = g_array_new (FALSE, FALSE, sizeof (Link));

  return TRUE;
}

static gboolean
finish_import_row (SalveImporter  *self,
                   GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!sqlite_check (self, sqlite3_prepare_v2 (self->handle,
        "UPDATE imports SET content_hash = ?2, rows_read = ?3, rows_imported = ?4, "
        "rows_duplicate = ?5, rows_rejected = ?6 WHERE id = ?1", -1, &stmt, NULL), error))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, self->import_id);
  sqlite3_bind_text (stmt, 2, self->sha256, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, self->counts.read);
  sqlite3_bind_int64 (stmt, 4, self->counts.imported);
  sqlite3_bind_int64 (stmt, 5, self->counts.duplicates);
  sqlite3_bind_int64 (stmt, 6, self->counts.rejected);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  return sqlite_check (self, rc, error);
}

/* Adds a note made of @format to @builder when @n, the number it
 * counts, is not 0. */
static void add_count_note (GStrvBuilder *builder,
                            guint         n,
                            const char   *format,
                            ...) G_GNUC_PRINTF (3, 4);

static void
add_count_note (GStrvBuilder *builder,
                guint         n,
                const char   *format,
                ...)
{
  g_autofree char *text = NULL;
  va_list args;

  if (n == 0)
    return;
  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  g_strv_builder_add (builder, text);
}

static void
collect_warnings (SalveImporter *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  /* Which of the two is a judgement from the file's bytes (docs/csv.md):
   * said, so that a person who sees "zoín" knows why and what to do. */
  if (self->encoding == SALVE_CSV_ENCODING_WINDOWS_1252)
    g_strv_builder_add (builder, _("The file is not UTF-8: it is read as Windows-1252, as Excel on Windows saves it. "
                                   "If letters or quotes look wrong, save it as “CSV UTF-8” and import that."));
  else if (self->encoding == SALVE_CSV_ENCODING_MAC_ROMAN)
    g_strv_builder_add (builder, _("The file is not UTF-8: it is read as Mac Roman, as Excel for Mac saves it. "
                                   "If letters or quotes look wrong, save it as “CSV UTF-8” and import that."));

  if (self->validator != NULL && self->mapping != NULL)
    {
      for (guint i = 0; i < salve_csv_mapping_get_n_columns (self->mapping); i++)
        {
          guint64 n = salve_csv_validator_get_ignored (self->validator, i);
          const char *header = salve_csv_mapping_get_header (self->mapping, i);
          /* "Pijn (0-100)": a rating's name, on another scale. */
          SalveCsvField refused = salve_csv_mapping_get_field (self->mapping, i) == SALVE_CSV_FIELD_IGNORE
                                  ? salve_csv_field_match_header_refused (header) : SALVE_CSV_FIELD_IGNORE;
          /* "Pain" beside the "Intensity" read as the pain, or the other way. */
          SalveCsvField claimed = salve_csv_mapping_get_field (self->mapping, i) == SALVE_CSV_FIELD_IGNORE
                                  ? salve_csv_field_match_header (header) : SALVE_CSV_FIELD_IGNORE;
          int holder = claimed != SALVE_CSV_FIELD_IGNORE ? salve_csv_mapping_find_field (self->mapping, claimed) : -1;
          g_autofree char *text = NULL;

          if (n == 0)
            continue;
          /* A column without a name is known by its place. */
          if (salve_csv_mapping_header_is_blank (self->mapping, i))
            text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Column %u, which has no name in the header, is not imported (%llu cell with text).",
                                                 "Column %u, which has no name in the header, is not imported (%llu cells with text).",
                                                 n),
                                    i + 1, (unsigned long long) n);
          else if (salve_csv_field_is_session_only (salve_csv_mapping_get_field (self->mapping, i)))
            text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "The column “%s” is read as “%s”, which only a session has: on diary rows "
                                                 "it is not imported (%llu cell with text). Map it by hand if it holds "
                                                 "something else.",
                                                 "The column “%s” is read as “%s”, which only a session has: on diary rows "
                                                 "it is not imported (%llu cells with text). Map it by hand if it holds "
                                                 "something else.",
                                                 n),
                                    header, salve_csv_field_get_name (salve_csv_mapping_get_field (self->mapping, i)),
                                    (unsigned long long) n);
          else if (refused == SALVE_CSV_FIELD_PLANNED_MINUTES || refused == SALVE_CSV_FIELD_ACTIVITY_MINUTES)
            text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "The column “%s” is not imported (%llu cell with text): its heading names "
                                                 "another unit than minutes. If its values are minutes, map it by hand.",
                                                 "The column “%s” is not imported (%llu cells with text): its heading names "
                                                 "another unit than minutes. If its values are minutes, map it by hand.",
                                                 n),
                                    header, (unsigned long long) n);
          else if (refused != SALVE_CSV_FIELD_IGNORE)
            text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "The column “%s” is not imported (%llu cell with text): its heading names "
                                                 "another scale or unit than 0–10. If its values are ratings from 0 to 10, "
                                                 "map it by hand.",
                                                 "The column “%s” is not imported (%llu cells with text): its heading names "
                                                 "another scale or unit than 0–10. If its values are ratings from 0 to 10, "
                                                 "map it by hand.",
                                                 n),
                                    header, (unsigned long long) n);
          else if (claimed != SALVE_CSV_FIELD_IGNORE && holder >= 0 && (guint) holder != i &&
                   g_strcmp0 (header, salve_csv_mapping_get_header (self->mapping, holder)) == 0)
            /* Translators: two columns of one name, told by their numbers: this column's number,
             * its name, its cells, the number of the column read instead and the value it is
             * read as */
            text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "Column %u (“%s”) is not imported (%llu cell with text): column %d, of "
                                                 "the same name, is read as “%s”. Map them by hand if it is the other "
                                                 "way round.",
                                                 "Column %u (“%s”) is not imported (%llu cells with text): column %d, of "
                                                 "the same name, is read as “%s”. Map them by hand if it is the other "
                                                 "way round.",
                                                 n),
                                    i + 1, header, (unsigned long long) n, holder + 1,
                                    salve_csv_field_get_name (claimed));
          else if (claimed != SALVE_CSV_FIELD_IGNORE && holder >= 0 && (guint) holder != i)
            /* Translators: a column, its cells, the column read instead and the value it is read as */
            text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "The column “%s” is not imported (%llu cell with text): the column "
                                                 "“%s” is read as “%s”. Map them by hand if it is the other way round.",
                                                 "The column “%s” is not imported (%llu cells with text): the column "
                                                 "“%s” is read as “%s”. Map them by hand if it is the other way round.",
                                                 n),
                                    header, (unsigned long long) n, salve_csv_mapping_get_header (self->mapping, holder),
                                    salve_csv_field_get_name (claimed));
          else
            text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "The column “%s” is not imported (%llu cell with text).",
                                                 "The column “%s” is not imported (%llu cells with text).",
                                                 n),
                                    header, (unsigned long long) n);
          g_strv_builder_add (builder, text);
        }

      /* A Bundle has no columns: its dates without a time are said so. */
      if (salve_csv_mapping_has_diary (self->mapping) && salve_csv_validator_uses_noon (self->validator))
        g_strv_builder_add (builder, self->fhir != NULL
                                     ? _("Dates without a time are stored at 12:00 local time.")
                                     : _("There is no time column: dates without a time are stored at 12:00 local time."));

      {
        const char *first = NULL;
        guint64 n = salve_csv_validator_get_fractions (self->validator, &first);

        if (n > 0)
          {
            /* Translators: %llu is a number of times, %s the first as written ("08:30:15.250") */
            g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                  "%llu time has a fraction of a second (“%s”): it is stored to the second, as Salve stores every time.",
                                                                  "%llu times have a fraction of a second, the first “%s”: they are stored to the second, as Salve stores every time.",
                                                                  n),
                                                     (unsigned long long) n, first);
            g_strv_builder_add (builder, text);
          }
      }

      {
        const char *first = NULL;
        int offset = 0;
        guint64 n = salve_csv_validator_get_repeated_hour (self->validator, &first, &offset);

        if (n > 0)
          {
            g_autofree char *utc = g_strdup_printf ("UTC%c%02d:%02d", offset < 0 ? '-' : '+',
                                                    ABS (offset) / 3600, (ABS (offset) % 3600) / 60);
            g_autofree char *text = NULL;

            if (n == 1)
              /* Translators: the first %s is a local time ("2026-10-25 02:30"), the second an offset ("UTC+01:00") */
              text = g_strdup_printf (_("%s is in the hour that happens twice when the clocks go back: it is read as %s, as a time typed into the diary is."),
                                      first, utc);
            else
              /* Translators: %s are the first such local time ("2026-10-25 02:30") and an offset ("UTC+01:00") */
              text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%llu time is in the hour that happens twice when the clocks go back, the first %s: each is read as %s, as a time typed into the diary is.",
                                                   "%llu times are in the hour that happens twice when the clocks go back, the first %s: each is read as %s, as a time typed into the diary is.",
                                                   n),
                                      (unsigned long long) n, first, utc);
            g_strv_builder_add (builder, text);
          }
      }
    }

  if (self->date_order_note != NULL)
    g_strv_builder_add (builder, self->date_order_note);
  if (self->zone_note != NULL)
    g_strv_builder_add (builder, self->zone_note);
  if (self->title != NULL && self->n_titles == 1)
    {
      /* Translators: a line number and the title on it, "Pain Diary Export - Anna" */
      g_autofree char *text = g_strdup_printf (_("Line %u (“%s”) is read as a title above the header, not as the "
                                                 "header."), self->title_line, self->title);

      g_strv_builder_add (builder, text);
    }
  else if (self->title != NULL)
    {
      /* Translators: how many lines, the first one's number and its title ("Pain Diary Export -
       * Anna"), always 2 to 5 lines */
      g_autofree char *text = g_strdup_printf (_("%u lines, from line %u (“%s”) on, are read as titles above the "
                                                 "header, not as the header."),
                                               self->n_titles, self->title_line, self->title);

      g_strv_builder_add (builder, text);
    }

  add_count_note (builder, self->fhir_skipped.n_observations,
                  g_dngettext (GETTEXT_PACKAGE,
                               "%u observation is not imported: Salve reads pain ratings coded with LOINC 72514-3 (0–10) only.",
                               "%u observations are not imported: Salve reads pain ratings coded with LOINC 72514-3 (0–10) only.",
                               self->fhir_skipped.n_observations),
                  self->fhir_skipped.n_observations);
  add_count_note (builder, self->fhir_skipped.n_other,
                  g_dngettext (GETTEXT_PACKAGE,
                               "%u resource is not imported: of a kind Salve does not keep (such as a condition), or withdrawn (recorded in error, cancelled, not taken).",
                               "%u resources are not imported: of kinds Salve does not keep (such as conditions), or withdrawn (recorded in error, cancelled, not taken).",
                               self->fhir_skipped.n_other),
                  self->fhir_skipped.n_other);
  add_count_note (builder, self->fhir_skipped.n_modified,
                  g_dngettext (GETTEXT_PACKAGE,
                               "%u resource is not imported: it has a modifierExtension, which changes its meaning in a way Salve cannot read.",
                               "%u resources are not imported: they have a modifierExtension, which changes their meaning in a way Salve cannot read.",
                               self->fhir_skipped.n_modified),
                  self->fhir_skipped.n_modified);
  add_count_note (builder, self->n_numbness,
                  g_dngettext (GETTEXT_PACKAGE,
                               "%u row notes numbness or loss of feeling, a warning sign: TENS and muscle stimulation stop on that area, and the person should see a doctor about it.",
                               "%u rows note numbness or loss of feeling, a warning sign: TENS and muscle stimulation stop on those areas, and the person should see a doctor about it.",
                               self->n_numbness),
                  self->n_numbness);
  add_count_note (builder, self->n_weakness,
                  g_dngettext (GETTEXT_PACKAGE,
                               "%u row notes new weakness, a warning sign: the person should see a doctor about it.",
                               "%u rows note new weakness, a warning sign: the person should see a doctor about it.",
                               self->n_weakness),
                  self->n_weakness);
  if (self->fhir_skipped.next_page)
    g_strv_builder_add (builder, _("The file is one page of a search: it links to a next page, whose results are not in the file."));

  self->warnings = g_strv_builder_end (builder);
}

static void
close_run (SalveImporter *self)
{
  g_clear_pointer (&self->diary, salve_diary_bulk_free);
  g_clear_pointer (&self->sessions, salve_session_bulk_free);
  g_clear_pointer (&self->medication, salve_medication_bulk_free);
  g_clear_pointer (&self->keep_hot, sqlite3_finalize);
  g_clear_pointer (&self->session_ids, g_hash_table_unref);
  g_clear_pointer (&self->links, g_array_unref);
  if (self->rejects_out != NULL)
    g_output_stream_close (self->rejects_out, NULL, NULL);  /* uncommitted: removed */
  g_clear_object (&self->rejects_out);
  g_clear_pointer (&self->validator, salve_csv_validator_free);
  g_clear_pointer (&self->reader, salve_csv_reader_free);
  /* Deleted when it was made: closing it frees its space. */
  if (self->spool != NULL)
    g_io_stream_close (G_IO_STREAM (self->spool), NULL, NULL);
  g_clear_object (&self->spool);
  g_clear_pointer (&self->fhir, g_bytes_unref);
  g_clear_pointer (&self->fhir_links, g_ptr_array_unref);
  if (self->line != NULL)
    g_string_free (self->line, TRUE);
  self->line = NULL;
  self->handle = NULL;
  /* A connection that was given back gets its own settings back. */
  if (self->db != NULL && self->db == self->given_db)
    {
      g_autofree char *cache_size = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT,
                                                     self->saved_cache_size);

      salve_db_exec (self->db, cache_size, NULL);
      salve_db_exec (self->db, "PRAGMA foreign_keys = ON", NULL);
      salve_db_exec (self->db, "PRAGMA ignore_check_constraints = OFF", NULL);
    }
  if (self->sole_writer)
    _salve_db_end_sole_writer (self->db);
  self->sole_writer = FALSE;
  g_clear_object (&self->db);
  g_clear_error (&self->row_error);
  self->cancellable = NULL;
}

/* Ties the ratings a Bundle took before or after a session to the
 * session, as they were where the Bundle came from. Only rows without a
 * session yet: a duplicate import changes nothing. */
static gboolean
link_sessions (SalveImporter  *self,
               GError        **error)
{
  for (guint i = 0; i < self->fhir_links->len; i++)
    {
      const SalveFhirLink *link = g_ptr_array_index (self->fhir_links, i);

      if (!salve_diary_bulk_link_by_period (self->diary, link->at, link->pain, link->session_start,
                                            link->session_end, link->phase, error))
        return FALSE;
    }

  return TRUE;
}

static char *
fhir_sha256 (GBytes *bytes)
{
  SalveSha256 sha;
  char *hex;

  salve_sha256_init (&sha);
  salve_sha256_update (&sha, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  hex = salve_sha256_hex (&sha);
  salve_sha256_clear (&sha);
  return hex;
}

/* A FHIR Bundle is JSON, read whole: when @input starts with "{", the
 * file goes to @self->fhir; otherwise @input is rewound for the CSV
 * reader. */
static gboolean
take_fhir (SalveImporter  *self,
           GInputStream   *input,
           GError        **error)
{
  char head[64];
  gsize n = 0;
  g_autoptr(GByteArray) all = NULL;

  if (!g_input_stream_read_all (input, head, sizeof head, &n, self->cancellable, error))
    return FALSE;

  if (!salve_fhir_looks_like_json (head, n))
    return g_seekable_seek (G_SEEKABLE (self->spool), 0, G_SEEK_SET, self->cancellable, error);

  if (self->file_size > SALVE_IMPORTER_MAX_FHIR_BYTES)
    {
      g_set_error (error, SALVE_FHIR_ERROR, SALVE_FHIR_ERROR_FAILED,
                   _("The FHIR file is too large to import (more than %u MiB)."),
                   (guint) (SALVE_IMPORTER_MAX_FHIR_BYTES / (1024 * 1024)));
      return FALSE;
    }

  all = g_byte_array_new ();
  g_byte_array_append (all, (const guint8 *) head, n);
  for (;;)
    {
      guint8 block[64 * 1024];
      gsize got = 0;

      if (!g_input_stream_read_all (input, block, sizeof block, &got, self->cancellable, error))
        return FALSE;
      g_byte_array_append (all, block, got);
      if (all->len > SALVE_IMPORTER_MAX_FHIR_BYTES)
        {
          g_set_error (error, SALVE_FHIR_ERROR, SALVE_FHIR_ERROR_FAILED,
                       _("The FHIR file is too large to import (more than %u MiB)."),
                       (guint) (SALVE_IMPORTER_MAX_FHIR_BYTES / (1024 * 1024)));
          return FALSE;
        }
      if (got < sizeof block)
        break;
    }

  self->fhir = g_byte_array_free_to_bytes (g_steal_pointer (&all));
  self->was_fhir = TRUE;
  self->fhir_links = g_ptr_array_new_with_free_func ((GDestroyNotify) salve_fhir_link_free);
  return TRUE;
}

/* Makes the database ready for the rows: the rollback journal when the
 * import has the database to itself, the connection's settings for a
 * bulk write, the transaction, the import's own row and the bulk
 * writers. On the writer thread when there is one. */
static gboolean
begin_run (SalveImporter  *self,
           GError        **error)
{
  /* With nobody else on the database (salvectl's import), every page of
   * the import is written once, not into the log and then again by the
   * checkpoint at the close. The app's other connections keep the log,
   * and so does a dry run, which stores nothing and must not keep anyone
   * out meanwhile. */
  if (!self->dry_run)
    self->sole_writer = _salve_db_begin_sole_writer (self->db);

  /* A bounded page cache keeps memory flat whatever the file's size, and
   * a small one hands the pages written to the file as the import goes,
   * where the kernel writes them out meanwhile (_salve_db_write_back()),
   * instead of all at the commit: at 100k rows the commit's wait was a
   * sixth of the import. The rows come in time order, so the pages still
   * being added to are few. The profile and the import row are checked
   * inside the transaction, which holds the write lock, so per-row
   * foreign key lookups add nothing. */
  salve_db_exec (self->db, "PRAGMA cache_size = -2048", NULL);
  salve_db_exec (self->db, "PRAGMA foreign_keys = OFF", NULL);
  /* Every value was range-checked by the validator (and fuzzed); the
   * table's CHECKs would check it again for each row. */
  salve_db_exec (self->db, "PRAGMA ignore_check_constraints = ON", NULL);

  return salve_db_begin (self->db, error) && prepare (self, error);
}

static gboolean
run_in_transaction (SalveImporter  *self,
                    GError        **error)
{
  gboolean ok;

  if (self->fhir != NULL)
    {
      self->delimiter = ',';
    }
  else
    {
      if (!sniff (self, self->reader, error))
        return FALSE;
      self->delimiter = salve_csv_reader_get_delimiter (self->reader);
    }

  if (self->fhir != NULL)
    ok = salve_fhir_read_bundle (g_bytes_get_data (self->fhir, NULL), g_bytes_get_size (self->fhir),
                                 on_row, self, self->fhir_links, &self->fhir_skipped, error);
  else
    ok = salve_csv_reader_run (self->reader, on_row, self, self->cancellable, error);
  /* Even on error: the writer must be done before the rollback. */
  if (!stop_pipeline (self, ok ? error : NULL) && ok)
    return FALSE;
  if (!ok)
    return FALSE;
  if (self->row_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->row_error));
      return FALSE;
    }

  if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
    return FALSE;

  if (!self->header_seen)
    {
      g_set_error_literal (error, SALVE_CSV_ERROR, SALVE_CSV_ERROR_EMPTY,
                           _("The file is empty: there is no header row."));
      return FALSE;
    }

  if (self->fhir != NULL && !link_sessions (self, error))
    return FALSE;

  if (self->fhir != NULL)
    self->sha256 = fhir_sha256 (self->fhir);
  else
    self->sha256 = g_strdup (salve_csv_reader_get_sha256 (self->reader));

  if (!tie_links (self, error) ||
      !salve_diary_bulk_finish (self->diary, error) ||
      !finish_import_row (self, error) ||
      !commit_rejects (self, error))
    return FALSE;

  if (self->dry_run || (self->strict && self->counts.rejected > 0))
    {
      salve_db_rollback (self->db);
      return TRUE;
    }

  if (!salve_db_commit (self->db, error))
    return FALSE;

  self->committed = TRUE;
  return TRUE;
}

/* ---- day first or month first --------------------------------------------- */

typedef struct
{
  SalveImporter *self;
  int            columns[3];    /* the date columns, -1 for none */
  guint64        day_first;     /* dates that read day first only */
  guint64        month_first;   /* … month first only */
  guint64        month_first_slashed;  /* … of them written with slashes */
  guint64        slashed;       /* dates written with slashes, as American ones are */
  guint64        unslashed;     /* … with dashes or dots, as Dutch ones are */
  guint64        either;        /* two different days either way, with slashes */
  guint64        rows;
  guint          n_titles;      /* above the header, as on_row() skips them */
  char          *first_month_first;
  guint          first_month_first_line;
  char          *first_either;
  GDate          latest;        /* the last day a row may be dated: tomorrow */
} DateScan;

/* A date that reads month first only, and read so lies further ahead
 * than Salve takes a row (12/13/2026 on 7 Dec 2026): a slip of the
 * keyboard, whose row is rejected either way, not a sign of how the
 * file writes its dates. */
static gboolean
month_first_plausible (const DateScan *scan,
                       const char     *text)
{
  GDate day;

  return salve_csv_date_read (text, TRUE, &day) && g_date_compare (&day, &scan->latest) <= 0;
}

static gboolean
scan_date_row (const SalveCsvRow *row,
               gpointer           user_data)
{
  DateScan *scan = user_data;

  if (scan->columns[0] == -2)
    {
      g_autoptr(SalveCsvMapping) mapping = NULL;

      if (salve_csv_row_get_title (row, scan->n_titles) != NULL)
        {
          scan->n_titles++;
          return TRUE;
        }
      mapping = mapping_for_header (scan->self, row);

      scan->columns[0] = salve_csv_mapping_find_field (mapping, SALVE_CSV_FIELD_AT);
      scan->columns[1] = salve_csv_mapping_find_field (mapping, SALVE_CSV_FIELD_STARTED_AT);
      scan->columns[2] = salve_csv_mapping_find_field (mapping, SALVE_CSV_FIELD_ENDED_AT);
      return scan->columns[0] >= 0 || scan->columns[1] >= 0 || scan->columns[2] >= 0;
    }

  scan->rows++;
  for (guint i = 0; i < G_N_ELEMENTS (scan->columns); i++)
    {
      const char *text;
      SalveCsvDateOrder order;
      gboolean slashed;

      if (scan->columns[i] < 0 || (guint) scan->columns[i] >= row->n_cells)
        continue;
      text = row->cells[scan->columns[i]];
      order = salve_csv_date_order (text);
      slashed = strchr (text, '/') != NULL;
      if (order != SALVE_CSV_DATE_NONE)
        {
          if (slashed)
            scan->slashed++;
          else
            scan->unslashed++;
        }
      switch (order)
        {
        case SALVE_CSV_DATE_DAY_FIRST:
          scan->day_first++;
          break;
        case SALVE_CSV_DATE_MONTH_FIRST:
          if (!month_first_plausible (scan, text))
            break;
          if (scan->first_month_first == NULL)
            {
              scan->first_month_first = g_strdup (text);
              scan->first_month_first_line = row->line;
            }
          scan->month_first++;
          scan->month_first_slashed += slashed;
          break;
        case SALVE_CSV_DATE_EITHER:
          /* Written as an American date is (a Dutch one has dashes). */
          if (!slashed)
            break;
          if (scan->first_either == NULL)
            scan->first_either = g_strdup (text);
          scan->either++;
          break;
        case SALVE_CSV_DATE_NONE:
        case SALVE_CSV_DATE_SAME:
        default:
          break;
        }
    }

  if (scan->day_first + scan->month_first + scan->either == 0)
    return scan->rows < DATE_ORDER_YEAR_FIRST_ROWS;
  return scan->day_first + scan->month_first < DATE_ORDER_EVIDENCE;
}

/* The day a date that reads both ways became, as screens write days. */
static char *
format_read_as (const char *text,
                gboolean    month_first)
{
  GDate day;

  salve_csv_date_read (text, month_first, &day);
  return salve_time_format_gdate (&day);
}

/* Decides whether the file writes its dates day first (31/01/2026, as
 * Dutch spreadsheets do, and the default) or month first (01/31/2026, as
 * an American spreadsheet or phone does), from the dates that read one
 * way only, before a row is read: read the wrong way, a date such as
 * 03/02/2026 would be stored as another day without a word. The first
 * DATE_ORDER_EVIDENCE such dates decide, most of them winning; a file
 * with none reads day first and says so when one of its dates could be
 * two days. Reads from @stream, the spool's, and leaves it at its start. */
static gboolean
scan_date_order (SalveImporter  *self,
                 GInputStream   *stream,
                 GError        **error)
{
  g_autoptr(SalveCsvReader) reader = salve_csv_reader_new (stream);
  DateScan scan = { .self = self, .columns = { -2, -1, -1 } };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gboolean ok;

  salve_time_get_date (now, &scan.latest);
  g_date_add_days (&scan.latest, 1);

  ok = sniff (self, reader, error) &&
       salve_csv_reader_run (reader, scan_date_row, &scan, self->cancellable, error) &&
       g_seekable_seek (G_SEEKABLE (self->spool), 0, G_SEEK_SET, self->cancellable, error);

  /* The file's own way of writing dates decides what turns it. With
   * slashes, as American dates are written, one date that reads month
   * first only does. With dashes or dots, as Dutch dates are, one such
   * date is more likely a slip of the keyboard (03-13-2026 for
   * 13-03-2026), and one with slashes a row pasted in from elsewhere
   * (03/15/2026 among 01-03-2026 … 09-03-2026): it takes two written as
   * the file writes its dates to read all of them month first. */
  if (ok && scan.month_first > scan.day_first &&
      (scan.slashed > scan.unslashed ? scan.month_first_slashed >= 1
                                     : scan.month_first - scan.month_first_slashed >= 2))
    {
      self->month_first = TRUE;
      if (scan.month_first == 1 && scan.first_either != NULL)
        {
          /* One date decides, and others could be two days: the first of
           * them as it was read, so that a day-first file with one slip
           * (06/13/2026 among 01/12/2026 … 05/12/2026) is seen at once. */
          g_autofree char *read_as = format_read_as (scan.first_either, TRUE);

          /* Translators: "Dates are read month first, as this file writes them (“6/13/2026” on line 7):
           * “1/12/2026” is Mon 12 Jan 2026. …"; "read the dates day first" is the import window's
           * "Date order" choice, or salvectl's --dates day-first */
          self->date_order_note = g_strdup_printf (_("Dates are read month first, as this file writes them (“%s” on "
                                                     "line %u): “%s” is %s. Only that one date tells; if the file "
                                                     "writes the day first, read the dates day first."),
                                                   scan.first_month_first, scan.first_month_first_line,
                                                   scan.first_either, read_as);
        }
      else
        /* Translators: %s is a date as the file wrote it, "3/13/2026" */
        self->date_order_note = g_strdup_printf (_("Dates are read month first, as this file writes them (“%s” on line %u)."),
                                                 scan.first_month_first, scan.first_month_first_line);
    }
  else if (ok && scan.month_first > scan.day_first)
    {
      /* Translators: %s is a date as the file wrote it, "03-13-2026"; "read the dates month
       * first" is the import window's "Date order" choice, or salvectl's --dates month-first */
      self->date_order_note = g_strdup_printf (_("Dates are read day first, as dates with dashes or dots are written in "
                                                 "the Netherlands: “%s” on line %u reads month first, and its row is "
                                                 "rejected. If the whole file writes the month first, read the dates "
                                                 "month first."),
                                               scan.first_month_first, scan.first_month_first_line);
    }
  else if (ok && scan.day_first == 0 && scan.either > 0)
    {
      g_autofree char *read_as = format_read_as (scan.first_either, FALSE);

      /* Translators: "Dates are read day first: “3/2/2026” is Tue 3 Feb 2026. …"; "read the dates
       * month first" is the import window's "Date order" choice, or salvectl's --dates month-first */
      self->date_order_note = g_strdup_printf (_("Dates are read day first: “%s” is %s. No date in the file tells "
                                                 "whether the day or the month comes first; if the month does, "
                                                 "read the dates month first."),
                                               scan.first_either, read_as);
    }

  g_free (scan.first_month_first);
  g_free (scan.first_either);
  return ok;
}

/* A file only this import can see, in the database's folder (private,
 * and on a disk with room for the database): deleted at once, it lives as
 * long as it is open. */
static GFileIOStream *
create_spool (SalveImporter  *self,
              GError        **error)
{
  g_autofree char *dir = g_path_get_dirname (self->db_path);

  /* As salve_db_open() would: only the owner may look inside. */
  g_mkdir_with_parents (dir, 0700);

  for (guint attempt = 0; ; attempt++)
    {
      g_autofree char *name = g_strdup_printf (".salve-import-%08x.tmp", g_random_int ());
      g_autoptr(GFile) file = g_file_new_build_filename (dir, name, NULL);
      g_autoptr(GError) local_error = NULL;
      GFileIOStream *stream;

      stream = g_file_create_readwrite (file, G_FILE_CREATE_PRIVATE, self->cancellable, &local_error);
      if (stream != NULL)
        {
          g_file_delete (file, NULL, NULL);
          return stream;
        }

      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS) || attempt == 10)
        {
          g_autofree char *shown = g_filename_display_name (dir);

          g_set_error (error, local_error->domain, local_error->code,
                       _("Cannot make a temporary copy of the file in “%s”: %s"), shown, local_error->message);
          return NULL;
        }
    }
}

/* Reads the whole source into the spool, in bounded memory, and returns
 * the spool to be read from its start. */
static GInputStream *
spool_source (SalveImporter  *self,
              GInputStream   *source,
              GError        **error)
{
  g_autofree char *buffer = g_malloc (SPOOL_CHUNK);
  GOutputStream *out;
  guint64 copied = 0;

  self->spool = create_spool (self, error);
  if (self->spool == NULL)
    return NULL;

  out = g_io_stream_get_output_stream (G_IO_STREAM (self->spool));
  for (;;)
    {
      gssize n = g_input_stream_read (source, buffer, SPOOL_CHUNK, self->cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      if (!g_output_stream_write_all (out, buffer, n, NULL, self->cancellable, error))
        {
          g_autofree char *dir = g_path_get_dirname (self->db_path);
          g_autofree char *shown = g_filename_display_name (dir);

          /* Where, and in the words every full disk is told in. */
          if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
            {
              g_free ((*error)->message);
              (*error)->message = g_strdup (salve_safe_file_describe_errno (ENOSPC));
            }
          g_prefix_error (error, _("Cannot make a temporary copy of the file in “%s”: "), shown);
          return NULL;
        }

      copied += n;
      if (self->file_size > 0)
        g_atomic_int_set (&self->progress_permille, (gint) MIN (500, copied * 500 / self->file_size));
    }

  if (!g_output_stream_flush (out, self->cancellable, error) ||
      !g_seekable_seek (G_SEEKABLE (self->spool), 0, G_SEEK_SET, self->cancellable, error))
    return NULL;

  return g_io_stream_get_input_stream (G_IO_STREAM (self->spool));
}

/* The same file, under whatever name (a link, another path to it). */
static gboolean
same_file (GFile *a,
           GFile *b)
{
  g_autoptr(GFileInfo) info_a = NULL;
  g_autoptr(GFileInfo) info_b = NULL;
  const char *id_a, *id_b;

  if (g_file_equal (a, b))
    return TRUE;
  info_a = g_file_query_info (a, G_FILE_ATTRIBUTE_ID_FILE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  info_b = g_file_query_info (b, G_FILE_ATTRIBUTE_ID_FILE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info_a == NULL || info_b == NULL)
    return FALSE;
  id_a = g_file_info_get_attribute_string (info_a, G_FILE_ATTRIBUTE_ID_FILE);
  id_b = g_file_info_get_attribute_string (info_b, G_FILE_ATTRIBUTE_ID_FILE);
  return id_a != NULL && g_strcmp0 (id_a, id_b) == 0;
}

gboolean
salve_importer_run (SalveImporter  *self,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr(GFileInputStream) input = NULL;
  g_autoptr(GFileInfo) info = NULL;
  GInputStream *copy;
  gboolean ok;

  g_return_val_if_fail (SALVE_IS_IMPORTER (self), FALSE);
  g_return_val_if_fail (self->db == NULL, FALSE);

  clear_results (self);
  self->cancellable = cancellable;

  input = g_file_read (self->file, cancellable, error);
  if (input == NULL)
    return FALSE;

  info = g_file_input_stream_query_info (input, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable, NULL);
  self->file_size = info ? g_file_info_get_size (info) : 0;

  if (self->rejects_file != NULL)
    {
      if (same_file (self->file, self->rejects_file))
        {
          g_autofree char *shown = g_file_get_parse_name (self->rejects_file);

          /* Written at the end, it would take the place of the file the
           * rows came from: the person's own copy of their diary. */
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The rejected rows would replace the file being imported, “%s”: save them to another file."),
                       shown);
          return FALSE;
        }
      self->rejects_out = salve_safe_output_stream_new (self->rejects_file, error);
      if (self->rejects_out == NULL)
        return FALSE;
    }

  /* All of it, before the database is even opened. */
  copy = spool_source (self, G_INPUT_STREAM (input), error);
  if (copy == NULL)
    {
      close_run (self);
      return FALSE;
    }
  g_input_stream_close (G_INPUT_STREAM (input), NULL, NULL);
  if (self->given_db != NULL)
    {
      g_autoptr(SalveStmt) stmt = salve_db_prepare (self->given_db, "PRAGMA cache_size", error);

      if (stmt == NULL)
        {
          close_run (self);
          return FALSE;
        }
      /* SQLite's default, should the pragma say nothing. */
      self->saved_cache_size = salve_stmt_step (stmt, NULL) ? salve_stmt_get_int64 (stmt, 0) : -2000;
      self->db = g_object_ref (self->given_db);
    }
  else
    self->db = salve_db_open (self->db_path, error);
  if (self->db == NULL)
    {
      close_run (self);
      return FALSE;
    }
  self->handle = _salve_db_get_handle (self->db);
  self->line = g_string_new (NULL);

  /* The writer thread makes the database ready while this one reads the
   * file's start. */
  self->pipelined = self->sample_size == 0;
  if (self->pipelined)
    start_pipeline (self);
  if ((!self->pipelined && !begin_run (self, error)) ||
      !take_fhir (self, copy, error) ||
      (self->fhir == NULL && self->wanted_date_order == SALVE_CSV_DATE_NONE &&
       !scan_date_order (self, copy, error)))
    {
      stop_pipeline (self, NULL);
      salve_db_rollback (self->db);
      close_run (self);
      return FALSE;
    }
  if (self->wanted_date_order != SALVE_CSV_DATE_NONE)
    self->month_first = self->wanted_date_order == SALVE_CSV_DATE_MONTH_FIRST;
  if (self->fhir == NULL)
    self->reader = salve_csv_reader_new (copy);

  ok = run_in_transaction (self, error);
  if (!ok)
    {
      /* The writer is done before the rollback, whatever stopped the run. */
      stop_pipeline (self, NULL);
      salve_db_rollback (self->db);
    }

  if (self->reader != NULL)
    self->encoding = salve_csv_reader_get_encoding (self->reader);
  collect_warnings (self);
  if (ok)
    g_atomic_int_set (&self->progress_permille, 1000);

  close_run (self);
  return ok;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GError *error = NULL;

  if (salve_importer_run (source_object, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
salve_importer_run_async (SalveImporter       *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SALVE_IS_IMPORTER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, salve_importer_run_async);
  /* The importer's own cancellation check stops the rows; the task must
   * still report what happened, so it does not return early on cancel. */
  g_task_set_return_on_cancel (task, FALSE);
  /* A cancel that comes after the commit is too late: report what
   * happened, not that Cancel was pressed. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, run_thread);
}

gboolean
salve_importer_run_finish (SalveImporter  *self,
                           GAsyncResult   *result,
                           GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

double
salve_importer_get_progress (SalveImporter *self)
{
  g_return_val_if_fail (SALVE_IS_IMPORTER (self), 0);
  return g_atomic_int_get (&self->progress_permille) / 1000.0;
}

const SalveImportCounts *
salve_importer_get_counts (SalveImporter *self)
{
  g_return_val_if_fail (SALVE_IS_IMPORTER (self), NULL);
  return &self->counts;
}

gboolean
salve_importer_get_committed (SalveImporter *self)
{
  g_return_val_if_fail (SALVE_IS_IMPORTER (self), FALSE);
  return self->committed;
}

GPtrArray *
salve_importer_get_rejects (SalveImporter *self)
{
  g_return_val_if_fail (SALVE_IS_IMPORTER (self), NULL);
  return self->rejects;
}

GPtrArray *
salve_importer_get_samples (SalveImporter *self)
{
  g_return_val_if_fail (SALVE_IS_IMPORTER (self), NULL);
  return self->samples;
}

const SalveCsvMapping *
salve_importer_get_mapping (SalveImporter *self)
{
  g_return_val_if_fail (SALVE_IS_IMPORTER (self), NULL);
  return self->mapping;
}

SalveCsvEncoding
salve_importer_get_encoding (SalveImporter *self)
{
  g_return_val_if_fail (SALVE_IS_IMPORTER (self), SALVE_CSV_ENCODING_ASCII);
  return self->encoding;
}

gboolean
salve_importer_get_is_fhir (SalveImporter *self)
{
  g_return_val_if_fail (SALVE_IS_IMPORTER (self), FALSE);
  return self->was_fhir;
}

gboolean
salve_importer_get_month_first (SalveImporter *self)
{
  g_return_val_if_fail (SALVE_IS_IMPORTER (self), FALSE);
  return self->month_first;
}

char
salve_importer_get_delimiter (SalveImporter *self)
{
  g_return_val_if_fail (SALVE_IS_IMPORTER (self), ',');
  return self->delimiter;
}

const char *
salve_importer_get_sha256 (SalveImporter *self)
{
  g_return_val_if_fail (SALVE_IS_IMPORTER (self), NULL);
  return self->sha256;
}

GStrv
salve_importer_get_warnings (SalveImporter *self)
{
  g_return_val_if_fail (SALVE_IS_IMPORTER (self), NULL);
  return self->warnings;
}

gint64
salve_importer_get_import_id (SalveImporter *self)
{
  g_return_val_if_fail (SALVE_IS_IMPORTER (self), 0);
  return self->import_id;
}

int
salve_import_counts_verdict (const SalveImportCounts *counts,
                             gboolean                 strict)
{
  g_return_val_if_fail (counts != NULL, 4);

  if (counts->rejected == 0)
    return 0;
  if (strict || counts->imported + counts->duplicates == 0)
    return 4;
  return 3;
}
