/* salve-session-journal.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-session-journal"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "salve-diary-repo.h"
#include "salve-session-journal.h"
#include "salve-session-repo.h"
#include "salve-time.h"

/* A try from the main loop waits this long at most for the lock, */
#define TRY_BUSY_MS      20
/* and the pause between tries grows from the first to the last. */
#define RETRY_FIRST_MS   50
#define RETRY_LAST_MS    1000
/* flush() looks again this often when SQLite gives up before its time. */
#define FLUSH_POLL_MS    50

typedef enum
{
  OP_CREATE,
  OP_MARK_STARTED,
  OP_UPDATE_PARAMS,
  OP_EVENT,
  OP_FINISH,
  OP_UPDATE_AFTER,
  OP_DIARY,
} OpKind;

typedef struct
{
  OpKind               kind;
  SalveSession        *snapshot;  /* create, update-params, update-after */
  SalveSessionEvent   *event;
  SalveDiaryEntry     *entry;
  SalveSessionOutcome  outcome;
  char                *reason;
  char                *at;        /* mark-started, finish */
  SalveDiaryPhase      phase;     /* diary */
} Op;

struct _SalveSessionJournal
{
  GObject        parent_instance;

  SalveDb       *db;
  SalveSession  *session;
  GQueue         ops;            /* Op, oldest first */
  GError        *error;          /* the refusal that stopped us */
  GMainContext  *context;
  GSource       *retry;
  guint          retry_ms;
  guint          n_ends_queued;
  guint          n_ends_stored;
};

enum {
  PROP_0,
  PROP_N_PENDING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (SalveSessionJournal, salve_session_journal, G_TYPE_OBJECT)

static void
op_free (gpointer data)
{
  Op *op = data;

  g_clear_object (&op->snapshot);
  g_clear_pointer (&op->event, salve_session_event_free);
  g_clear_object (&op->entry);
  g_free (op->reason);
  g_free (op->at);
  g_free (op);
}

/* The values a later write of the session's row needs, as they are now. */
static SalveSession *
snapshot (SalveSession *session)
{
  SalveSession *copy = salve_session_new (salve_session_get_modality (session),
                                          salve_session_get_site (session));
  g_autofree char *params = salve_session_dup_params_json (session);

  salve_session_set_id (copy, salve_session_get_id (session));
  salve_session_set_profile_id (copy, salve_session_get_profile_id (session));
  salve_session_set_device_id (copy, salve_session_get_device_id (session));
  salve_session_set_device_name (copy, salve_session_get_device_name (session));
  salve_session_set_program (copy, salve_session_get_program (session));
  /* It came out of a session: it reads back. */
  if (!salve_session_set_params_json (copy, params, NULL))
    g_warn_if_reached ();
  salve_session_set_planned_minutes (copy, salve_session_get_planned_minutes (session));
  salve_session_set_pain_before (copy, salve_session_get_pain_before (session));
  salve_session_set_pain_after (copy, salve_session_get_pain_after (session));
  salve_session_set_side_effects (copy, salve_session_get_side_effects (session));
  salve_session_set_skin_check (copy, salve_session_get_skin_check (session));
  salve_session_set_note (copy, salve_session_get_note (session));

  return copy;
}

static gboolean
apply (SalveSessionJournal  *self,
       Op                   *op,
       GError              **error)
{
  gint64 id = salve_session_get_id (self->session);

  if (op->kind != OP_CREATE && id <= 0)
    {
      /* Only a journal whose create() never came gets here. */
      g_set_error_literal (error, SALVE_DB_ERROR, SALVE_DB_ERROR_NOT_FOUND,
                           _("The session was never stored."));
      return FALSE;
    }

  switch (op->kind)
    {
    case OP_CREATE:
      if (!salve_session_repo_create (self->db, op->snapshot, error))
        return FALSE;
      salve_session_set_id (self->session, salve_session_get_id (op->snapshot));
      return TRUE;

    case OP_MARK_STARTED:
      return salve_session_repo_mark_started (self->db, id, op->at, error);

    case OP_UPDATE_PARAMS:
      salve_session_set_id (op->snapshot, id);
      return salve_session_repo_update_params (self->db, op->snapshot, error);

    case OP_EVENT:
      return salve_session_repo_add_event (self->db, id, op->event, error);

    case OP_FINISH:
      return salve_session_repo_finish (self->db, id, op->outcome, op->reason, op->at, error);

    case OP_UPDATE_AFTER:
      salve_session_set_id (op->snapshot, id);
      return salve_session_repo_update_after (self->db, op->snapshot, error);

    case OP_DIARY:
      salve_diary_entry_set_session (op->entry, id, op->phase);
      /* Taken at the session: a clock set back meanwhile must not keep
       * it (and everything queued after it) out for good. */
      return salve_diary_repo_add_recorded (self->db, op->entry, error);

    default:
      g_assert_not_reached ();
    }
}

/* Applies the queue from its head, each write waiting up to @busy_ms for
 * the lock. TRUE when it is empty; FALSE at the first write that was not
 * stored, which stays at the head. */
static gboolean
drain (SalveSessionJournal  *self,
       guint                 busy_ms,
       GError              **error)
{
  guint saved_timeout = salve_db_get_busy_timeout (self->db);
  guint n_before = self->ops.length;
  g_autoptr(GError) local_error = NULL;
  Op *op;

  g_clear_error (&self->error);
  salve_db_set_busy_timeout (self->db, busy_ms);

  while ((op = g_queue_peek_head (&self->ops)) != NULL)
    {
      if (!apply (self, op, &local_error))
        break;

      if (op->kind == OP_FINISH)
        self->n_ends_stored++;
      op_free (g_queue_pop_head (&self->ops));
    }

  salve_db_set_busy_timeout (self->db, saved_timeout);

  if (self->ops.length != n_before)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_PENDING]);

  if (local_error == NULL)
    return TRUE;

  if (!g_error_matches (local_error, SALVE_DB_ERROR, SALVE_DB_ERROR_BUSY))
    {
      g_debug ("Session %" G_GINT64_FORMAT ": a write was refused: %s",
               salve_session_get_id (self->session), local_error->message);
      self->error = g_error_copy (local_error);
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static void cancel_retry (SalveSessionJournal *self);
static void schedule_retry (SalveSessionJournal *self);

static gboolean
on_retry (gpointer user_data)
{
  g_autoptr(SalveSessionJournal) self = g_object_ref (user_data);
  g_autoptr(GError) error = NULL;

  /* A "notify" handler may drop the last other reference. */
  g_clear_pointer (&self->retry, g_source_unref);

  if (drain (self, TRY_BUSY_MS, &error))
    self->retry_ms = 0;
  else if (g_error_matches (error, SALVE_DB_ERROR, SALVE_DB_ERROR_BUSY))
    schedule_retry (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_retry (SalveSessionJournal *self)
{
  if (self->retry != NULL)
    return;

  self->retry_ms = self->retry_ms == 0 ? RETRY_FIRST_MS : MIN (self->retry_ms * 2, RETRY_LAST_MS);
  self->retry = g_timeout_source_new (self->retry_ms);
  g_source_set_callback (self->retry, on_retry, self, NULL);
  g_source_set_static_name (self->retry, "[salve] session journal retry");
  g_source_attach (self->retry, self->context);
}

static void
cancel_retry (SalveSessionJournal *self)
{
  if (self->retry == NULL)
    return;

  g_source_destroy (self->retry);
  g_clear_pointer (&self->retry, g_source_unref);
}

/* A new write: at once when nothing waits before it, else behind the rest. */
static void
push (SalveSessionJournal *self,
      Op                  *op)
{
  g_autoptr(SalveSessionJournal) hold = g_object_ref (self);
  g_autoptr(GError) error = NULL;

  g_queue_push_tail (&self->ops, op);
  if (op->kind == OP_FINISH)
    self->n_ends_queued++;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_PENDING]);

  /* A retry is due: this one waits its turn. */
  if (self->retry != NULL)
    return;

  if (drain (self, TRY_BUSY_MS, &error))
    self->retry_ms = 0;
  else if (g_error_matches (error, SALVE_DB_ERROR, SALVE_DB_ERROR_BUSY))
    schedule_retry (self);
}

static Op *
op_new (OpKind kind)
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  return op;
}

static void
salve_session_journal_dispose (GObject *object)
{
  SalveSessionJournal *self = (SalveSessionJournal *)object;

  cancel_retry (self);

  G_OBJECT_CLASS (salve_session_journal_parent_class)->dispose (object);
}

static void
salve_session_journal_finalize (GObject *object)
{
  SalveSessionJournal *self = (SalveSessionJournal *)object;

  /* The front end flushed and told the person; this is for the log. */
  if (self->ops.length > 0)
    g_debug ("Session %" G_GINT64_FORMAT ": %u writes were not stored",
             salve_session_get_id (self->session), self->ops.length);

  g_queue_clear_full (&self->ops, op_free);
  g_clear_error (&self->error);
  g_clear_object (&self->db);
  g_clear_object (&self->session);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (salve_session_journal_parent_class)->finalize (object);
}

static void
salve_session_journal_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  SalveSessionJournal *self = SALVE_SESSION_JOURNAL (object);

  switch (prop_id)
    {
    case PROP_N_PENDING:
      g_value_set_uint (value, self->ops.length);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_session_journal_class_init (SalveSessionJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = salve_session_journal_dispose;
  object_class->finalize = salve_session_journal_finalize;
  object_class->get_property = salve_session_journal_get_property;

  properties [PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
salve_session_journal_init (SalveSessionJournal *self)
{
  g_queue_init (&self->ops);
}

SalveSessionJournal *
salve_session_journal_new (SalveDb      *db,
                           SalveSession *session)
{
  SalveSessionJournal *self;

  g_return_val_if_fail (SALVE_IS_DB (db), NULL);
  g_return_val_if_fail (SALVE_IS_SESSION (session), NULL);

  self = g_object_new (SALVE_TYPE_SESSION_JOURNAL, NULL);
  self->db = g_object_ref (db);
  self->session = g_object_ref (session);
  self->context = g_main_context_ref_thread_default ();

  return self;
}

SalveSession *
salve_session_journal_get_session (SalveSessionJournal *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_JOURNAL (self), NULL);
  return self->session;
}

void
salve_session_journal_create (SalveSessionJournal *self)
{
  Op *op;

  g_return_if_fail (SALVE_IS_SESSION_JOURNAL (self));
  g_return_if_fail (salve_session_get_id (self->session) <= 0);
  g_return_if_fail (salve_session_get_profile_id (self->session) > 0);

  op = op_new (OP_CREATE);
  op->snapshot = snapshot (self->session);
  push (self, op);
}

void
salve_session_journal_mark_started (SalveSessionJournal *self,
                                    const char          *started_at)
{
  Op *op;

  g_return_if_fail (SALVE_IS_SESSION_JOURNAL (self));

  op = op_new (OP_MARK_STARTED);
  op->at = started_at != NULL ? g_strdup (started_at) : salve_time_now_iso ();
  push (self, op);
}

void
salve_session_journal_update_params (SalveSessionJournal *self)
{
  Op *op;

  g_return_if_fail (SALVE_IS_SESSION_JOURNAL (self));

  op = op_new (OP_UPDATE_PARAMS);
  op->snapshot = snapshot (self->session);
  push (self, op);
}

void
salve_session_journal_log (SalveSessionJournal   *self,
                           SalveSessionEventKind  kind,
                           gint64                 elapsed_ms,
                           const char            *detail,
                           const char            *actor)
{
  Op *op;

  g_return_if_fail (SALVE_IS_SESSION_JOURNAL (self));
  g_return_if_fail (kind < SALVE_N_SESSION_EVENTS);

  op = op_new (OP_EVENT);
  /* salve_session_event_new() takes the time now. */
  op->event = salve_session_event_new (kind, elapsed_ms, detail, actor);
  push (self, op);
}

void
salve_session_journal_add_event (SalveSessionJournal     *self,
                                 const SalveSessionEvent *event)
{
  Op *op;

  g_return_if_fail (SALVE_IS_SESSION_JOURNAL (self));
  g_return_if_fail (event != NULL);

  op = op_new (OP_EVENT);
  op->event = salve_session_event_copy (event);
  push (self, op);
}

void
salve_session_journal_finish (SalveSessionJournal *self,
                              SalveSessionOutcome  outcome,
                              const char          *reason,
                              const char          *ended_at)
{
  Op *op;

  g_return_if_fail (SALVE_IS_SESSION_JOURNAL (self));
  g_return_if_fail (outcome == SALVE_SESSION_OUTCOME_COMPLETED ||
                    outcome == SALVE_SESSION_OUTCOME_STOPPED ||
                    outcome == SALVE_SESSION_OUTCOME_INTERRUPTED);

  op = op_new (OP_FINISH);
  op->outcome = outcome;
  op->reason = g_strdup (reason != NULL ? reason : "");
  op->at = ended_at != NULL ? g_strdup (ended_at) : salve_time_now_iso ();
  push (self, op);
}

void
salve_session_journal_update_after (SalveSessionJournal *self)
{
  Op *op;

  g_return_if_fail (SALVE_IS_SESSION_JOURNAL (self));

  op = op_new (OP_UPDATE_AFTER);
  op->snapshot = snapshot (self->session);
  push (self, op);
}

void
salve_session_journal_add_diary_entry (SalveSessionJournal *self,
                                       SalveDiaryEntry     *entry)
{
  g_return_if_fail (SALVE_IS_SESSION_JOURNAL (self));
  g_return_if_fail (SALVE_IS_DIARY_ENTRY (entry));

  salve_session_journal_add_rating (self, entry, salve_diary_entry_get_session_phase (entry));
}

void
salve_session_journal_add_rating (SalveSessionJournal *self,
                                  SalveDiaryEntry     *entry,
                                  SalveDiaryPhase      phase)
{
  Op *op;

  g_return_if_fail (SALVE_IS_SESSION_JOURNAL (self));
  g_return_if_fail (SALVE_IS_DIARY_ENTRY (entry));

  op = op_new (OP_DIARY);
  op->entry = salve_diary_entry_copy (entry);
  op->phase = phase;
  push (self, op);
}

guint
salve_session_journal_get_n_pending (SalveSessionJournal *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_JOURNAL (self), 0);
  return self->ops.length;
}

gboolean
salve_session_journal_get_end_stored (SalveSessionJournal *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_JOURNAL (self), FALSE);
  return self->n_ends_queued > 0 && self->n_ends_stored == self->n_ends_queued;
}

const GError *
salve_session_journal_get_error (SalveSessionJournal *self)
{
  g_return_val_if_fail (SALVE_IS_SESSION_JOURNAL (self), NULL);
  return self->error;
}

gboolean
salve_session_journal_flush (SalveSessionJournal  *self,
                             guint                 timeout_ms,
                             GError              **error)
{
  g_autoptr(SalveSessionJournal) hold = NULL;
  gint64 deadline;

  g_return_val_if_fail (SALVE_IS_SESSION_JOURNAL (self), FALSE);

  hold = g_object_ref (self);
  cancel_retry (self);
  deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      gint64 left_ms = MAX (0, (deadline - g_get_monotonic_time ()) / 1000);

      /* SQLite's own busy handler does the waiting, up to the deadline. */
      if (drain (self, (guint) left_ms, &local_error))
        {
          self->retry_ms = 0;
          return TRUE;
        }

      if (!g_error_matches (local_error, SALVE_DB_ERROR, SALVE_DB_ERROR_BUSY))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      left_ms = (deadline - g_get_monotonic_time ()) / 1000;
      if (left_ms <= 0)
        {
          /* Still queued: the main loop goes on trying, if there is one. */
          schedule_retry (self);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      g_usleep (MIN (left_ms, FLUSH_POLL_MS) * 1000);
    }
}
