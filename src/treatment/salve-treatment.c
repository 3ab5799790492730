/* salve-treatment.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-treatment"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <math.h>

#include <glib/gi18n-lib.h>

#include "salve-body-region.h"
#include "salve-care-plan.h"
#include "salve-condition-repo.h"
#include "salve-diary-repo.h"
#include "salve-program-repo.h"
#include "salve-presets.h"
#include "salve-session-repo.h"
#include "salve-time.h"
#include "salve-treatment.h"
#include "salve-treatment-recorder.h"

/* After a stop, how long the device has to confirm it (its answer, up to
 * two repeats, and a STATUS with every output 0; a STATUS above zero is a
 * fault after 500 ms) before the person is told to switch it off. */
#define STOP_CONFIRM_MS 1500
#define STOP_POLL_MS    50

struct _SalveTreatment
{
  GObject                 parent_instance;

  SalveDb                *db;
  SalveProfile           *profile;
  SalveModality           modality;
  SalveProfileAnswers     answers;
  gboolean                answers_set;  /* by salve_treatment_set_answers() */
  /* Numbness the diary noted reaches the site: as reduced sensation,
   * under its ceiling and with the skin check (at the last findings). */
  gboolean                numb_applies;
  GError                 *inputs_error;

  /* the plan */
  SalveDevice            *device;
  char                   *device_name;
  char                   *port;
  gboolean                simulated;
  SalveSite               site;        /* SALVE_N_SITES: not chosen yet */
  SalvePlan               values;      /* the values only: limits and count come with build_plan */
  char                   *program_id;  /* a preset's id, recorded as the program */
  SalvePreset            *preset;      /* the program last set */
  guint                   program;
  double                  ramp_rate;
  int                     pain_before;

  GPtrArray              *findings;
  GPtrArray              *acknowledgements;  /* SalveAcknowledgement */

  /* the session */
  SalveTreatmentStep      step;
  SalveTreatmentRecorder *recorder;
  SalveSession           *session;
  SalveSessionRunner     *runner;
  SalveStimulator        *stimulator;
  SalveSleepMonitor      *sleep_monitor;
  GSubprocess            *sim;
  GDataInputStream       *sim_out;
  GCancellable           *cancellable;
  GError                 *error;
  guint                   finish_id;
  gint64                  stop_wait_until_us;
  gboolean                stop_wait_fault; /* the device faulted while the stop was awaited */
  GError                 *stop_error;   /* the stop was never confirmed, or the device
                                         * faulted after the session's end */
  gboolean                stop_unconfirmed; /* the stop was never confirmed, or the
                                              * device faulted while it was awaited */
  /* What the device reported it delivered while the session ran: the
   * highest output of any channel, and (laser) the energy, the highest
   * channel's output summed over the time between reports. */
  gulong                  status_id;
  gboolean                reported_any;
  double                  reported_max;
  double                  asked_max;     /* the highest intensity asked for meanwhile */
  double                  reported_mj;
  double                  reported_last;
  gint64                  reported_last_us;
  char                   *output_note;  /* the output fell short of the plan, or went above it */
  gboolean                disposing;
  /* Damaged skin found after the session, for the checklist (see
   * salve_treatment_close()): still to go there, and where it went. */
  gboolean                skin_to_mark;
  gboolean                skin_marked;
  SalveSite               skin_marked_site;
  /* The person is claimed for this session, from its start until its
   * device part is over (salve_session_repo_claim_person()). */
  gboolean                claimed;
};

/* A gap between reports longer than this counts for no more: the
 * device's output over it is not known (it is stopped after 1 s). */
#define REPORT_GAP_MAX_MS 500

/* Below this share of the planned intensity at its highest, the output
 * did not reach the plan. */
#define OUTPUT_REACHED_SHARE 0.9

G_DEFINE_FINAL_TYPE (SalveTreatment, salve_treatment, G_TYPE_OBJECT)
G_DEFINE_QUARK (salve-treatment-error-quark, salve_treatment_error)

enum {
  STEP,
  FINDINGS_CHANGED,
  TICK,
  POINT_CHANGED,
  FINISHED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

enum {
  PROP_0,
  PROP_N_PENDING,
  PROP_CAN_START,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
notify (SalveTreatment *self,
        guint           prop)
{
  if (!self->disposing)
    g_object_notify_by_pspec (G_OBJECT (self), properties [prop]);
}

static void
acknowledgement_free (SalveAcknowledgement *ack)
{
  g_free (ack->rule_id);
  g_free (ack->by);
  g_free (ack->at);
  g_free (ack);
}

/* When the checklist's question about reduced sensation was last
 * answered yes or no before @until_unix (G_MININT64: not), and the
 * diary's newest entry then (0 when not: every entry is newer). "Not
 * sure" says nobody has looked. */
static gboolean
load_sensation_answered (SalveDb  *db,
                         gint64    profile_id,
                         gint64    until_unix,
                         gint64   *answered_unix,
                         gint64   *last_entry_id,
                         GError  **error)
{
  g_autoptr(GPtrArray) answers = salve_condition_repo_list (db, profile_id, error);

  *answered_unix = G_MININT64;
  *last_entry_id = 0;
  if (answers == NULL)
    return FALSE;

  for (guint i = 0; i < answers->len; i++)
    {
      const SalveConditionAnswer *answer = g_ptr_array_index (answers, i);
      g_autoptr(GDateTime) at = NULL;

      if (answer->condition != SALVE_CONDITION_REDUCED_SENSATION || answer->answer == SALVE_ANSWER_UNKNOWN)
        continue;
      /* A time that does not read counts as never: the entries stand. An
       * answer given after the day asked about was not there that day. */
      at = salve_time_parse_iso (answer->answered_at);
      if (at != NULL && g_date_time_to_unix (at) < until_unix)
        {
          *answered_unix = g_date_time_to_unix (at);
          *last_entry_id = answer->last_entry_id;
        }
    }

  return TRUE;
}

/* Numbness the diary noted up to @day (NULL: today), into the plan's
 * numb_* fields: where, and when last. An entry counts over the days a
 * warning sign counts, and after them until the checklist's question
 * about reduced sensation is answered again (yes or no): the sign's
 * advice is to stop there until a doctor has looked at it, and that
 * answer, given after the entry was dated and typed, is what says the
 * doctor has. Today, an entry dated ahead (as Salve takes them, up to a
 * day) counts at once. */
static gboolean
load_diary_numbness (SalveDb      *db,
                     gint64        profile_id,
                     const GDate  *day,
                     SalvePlan    *plan,
                     GError      **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate first, after;
  gint64 answered_unix, last_entry_id;
  gint64 from_unix, to_unix, until_unix;

  if (day != NULL && g_date_valid (day))
    first = *day;
  else
    {
      g_date_clear (&first, 1);
      g_date_set_dmy (&first, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
    }
  after = first;
  g_date_add_days (&after, 1);
  g_date_subtract_days (&first, SALVE_CARE_FLAG_DAYS - 1);
  /* A day before today is what it was: what was dated and answered by its end. */
  until_unix = salve_time_day_start_unix (&after);
  to_unix = until_unix;
  if (until_unix > g_date_time_to_unix (now))
    to_unix = SALVE_DIARY_REPO_ANY_TIME_MAX;

  plan->numb_site_mask = 0;
  plan->numb_site_unknown = FALSE;
  plan->numb_noted_unix = 0;

  from_unix = salve_time_day_start_unix (&first);
  if (load_sensation_answered (db, profile_id, until_unix, &answered_unix, &last_entry_id, error))
    {
      /* Dated or typed after the answer: it was given without it. */
      if (answered_unix != G_MININT64 && answered_unix < from_unix)
        from_unix = answered_unix + 1;
      entries = salve_diary_repo_list_numbness (db, profile_id, from_unix, to_unix, last_entry_id, error);
    }
  if (entries == NULL)
    {
      /* Not knowing is not the same as none. */
      plan->numb_noted_unix = -1;
      plan->numb_site_unknown = TRUE;
      return FALSE;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      SalveDiaryEntry *entry = g_ptr_array_index (entries, i);
      SalveSite site;
      SalveSide side;

      plan->numb_noted_unix = MAX (plan->numb_noted_unix, salve_diary_entry_get_at_unix (entry));
      if (salve_body_region_from_id (salve_diary_entry_get_region (entry), &site, &side) && site < SALVE_N_SITES)
        plan->numb_site_mask |= salve_site_get_shared_mask (site);
      else
        plan->numb_site_unknown = TRUE;
    }

  return TRUE;
}

gboolean
salve_treatment_numbness_stops (SalveDb       *db,
                                gint64         profile_id,
                                SalveModality  modality,
                                const char    *site_id,
                                const GDate   *day)
{
  SalvePlan plan;
  SalveSite site;
  gboolean stops;

  g_return_val_if_fail (SALVE_IS_DB (db), TRUE);

  if (!salve_modality_is_electrical (modality))
    return FALSE;

  if (site_id == NULL || *site_id == '\0' || !salve_site_from_id (site_id, &site))
    site = SALVE_N_SITES;
  salve_plan_init (&plan, modality, site < SALVE_N_SITES ? site : 0);
  load_diary_numbness (db, profile_id, day, &plan, NULL);
  if (plan.numb_noted_unix == 0)
    stops = FALSE;
  else if (site == SALVE_N_SITES)
    stops = TRUE;
  else
    {
      /* Where the plan gives it: as the session's check would find. */
      g_autoptr(GPtrArray) findings = salve_rules_check (&plan, NULL);

      stops = FALSE;
      for (guint i = 0; i < findings->len && !stops; i++)
        stops = g_str_equal (((const SalveFinding *) g_ptr_array_index (findings, i))->rule_id, "diary-numbness");
    }
  salve_plan_clear (&plan);

  return stops;
}

char *
salve_treatment_describe_numbness_stop (SalveModality modality)
{
  /* Translators: %s is a modality, e.g. "TENS" */
  return g_strdup_printf (_("The diary noted numbness or loss of feeling: no %s where it was noted "
                            "for a week after the entry, nor after that until a doctor has looked at it."),
                          salve_modality_get_name (modality));
}

/* Broken skin at @site (SALVE_N_SITES: anywhere) into the checklist, in
 * the name of the skin check that found it. */
static gboolean
store_damaged_skin (SalveDb    *db,
                    gint64      profile_id,
                    SalveSite   site,
                    GError    **error)
{
  /* Translators: who answered a checklist question, as in "answered by %s, Sun 6 Dec 2026, 14:11" */
  const char *by = _("the skin check after a session");

  return salve_condition_repo_set (db, profile_id, SALVE_CONDITION_BROKEN_SKIN, SALVE_ANSWER_YES, site, by, error);
}

/* A blister, burn or broken skin the skin check found after a session
 * that ended since the checklist was last answered about broken skin:
 * the session's close puts it in the checklist, but when the database
 * refused it and nobody pressed Save again (the window was closed), it
 * was only in the session's record. It counts in @answers all the same,
 * and goes into the checklist now if the database takes it. An answer
 * given after the session (the skin has healed) stands. Without such a
 * session (nearly always) it costs one query. */
static gboolean
add_unmarked_damaged_skin (SalveDb              *db,
                           gint64                profile_id,
                           SalveProfileAnswers  *answers,
                           GError              **error)
{
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GDateTime) ended = NULL;
  g_autoptr(GError) local_error = NULL;
  SalveSite session_site;
  SalveSite site;

  if (!salve_session_repo_find_damaged_skin (db, profile_id, &session_site, &ended, &local_error))
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* When broken skin was last answered: an answer after the session's
   * end stands. A time that does not read counts as before it: the skin
   * comes first. */
  stored = salve_condition_repo_list (db, profile_id, error);
  if (stored == NULL)
    return FALSE;
  for (guint i = 0; i < stored->len; i++)
    {
      const SalveConditionAnswer *answer = g_ptr_array_index (stored, i);
      g_autoptr(GDateTime) answered_at = NULL;

      if (answer->condition != SALVE_CONDITION_BROKEN_SKIN)
        continue;
      answered_at = salve_time_parse_iso (answer->answered_at);
      if (ended != NULL && answered_at != NULL && g_date_time_compare (ended, answered_at) <= 0)
        return TRUE;
    }

  if (!salve_profile_answers_mark_skin_damaged (answers, session_site, &site))
    return TRUE;

  answers->answers[SALVE_CONDITION_BROKEN_SKIN] = SALVE_ANSWER_YES;
  answers->sites[SALVE_CONDITION_BROKEN_SKIN] = site;
  answers->answered[SALVE_CONDITION_BROKEN_SKIN] = TRUE;
  /* Counted already; the checklist shows it once the database takes it.
   * Not waited for: this runs where a treatment is made, on the GTK
   * thread too, and a database another program holds would hold it up. */
  {
    guint timeout_ms = salve_db_get_busy_timeout (db);

    salve_db_set_busy_timeout (db, 0);
    store_damaged_skin (db, profile_id, site, NULL);
    salve_db_set_busy_timeout (db, timeout_ms);
  }
  return TRUE;
}

gboolean
salve_treatment_build_rules_inputs (SalveDb             *db,
                                    SalveProfile        *profile,
                                    const SalveDevice   *device,
                                    SalvePlan           *plan,
                                    SalveProfileAnswers *answers,
                                    GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (plan != NULL, FALSE);
  g_return_val_if_fail (profile == NULL || SALVE_IS_DB (db), FALSE);

  if (device != NULL)
    salve_device_apply_to_plan (device, plan);

  if (profile == NULL)
    return TRUE;

  if (answers != NULL &&
      (!salve_condition_repo_load (db, salve_profile_get_id (profile), answers, &local_error) ||
       !add_unmarked_damaged_skin (db, salve_profile_get_id (profile), answers, &local_error)))
    {
      /* Unread is unknown, and unknown counts as yes. */
      salve_profile_answers_init (answers, SALVE_ANSWER_UNKNOWN);
      g_propagate_error (error, g_steal_pointer (&local_error));
      ok = FALSE;
    }

  if (plan->modality == SALVE_MODALITY_LASER && plan->site < SALVE_N_SITES)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      int earlier = salve_session_repo_count_on_day (db, salve_profile_get_id (profile),
                                                     SALVE_MODALITY_LASER, plan->site, now, &local_error);

      /* Not knowing is not the same as none: assume a session was given
       * today, so the once-a-day caution stands rather than being lost. */
      if (earlier < 0)
        {
          if (ok)
            g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
        }
      plan->sessions_today_on_site = earlier < 0 ? 1 : (guint) earlier;
    }

  /* Only electrical stimulation stops for it: no query for the rest,
   * which runs again at every change to the plan. */
  if (salve_modality_is_electrical (plan->modality) &&
      !load_diary_numbness (db, salve_profile_get_id (profile), NULL, plan, ok ? &local_error : NULL))
    {
      if (ok)
        g_propagate_error (error, g_steal_pointer (&local_error));
      ok = FALSE;
    }

  return ok;
}

char *
salve_treatment_find_simulator (void)
{
  const char *env = g_getenv ("SALVE_STIM_SIM");
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  /* Named there and not there is not installed: nothing else is tried,
   * and every caller hears NULL alike. */
  if (env != NULL && *env != '\0')
    return g_file_test (env, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (env) : NULL;

  if (exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (exe);
      g_autofree char *beside = g_build_filename (dir, "salve-stim-sim", NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }

  return g_find_program_in_path ("salve-stim-sim");
}

/* The next session of the person may start: this one's device part is
 * over. */
static void
release_person (SalveTreatment *self)
{
  if (!self->claimed)
    return;
  salve_session_repo_release_person (self->db, salve_profile_get_id (self->profile));
  self->claimed = FALSE;
}

static void
set_step (SalveTreatment     *self,
          SalveTreatmentStep  step)
{
  if (self->step == step)
    return;

  self->step = step;
  if (step >= SALVE_TREATMENT_STEP_AFTER)
    release_person (self);
  if (!self->disposing)
    g_signal_emit (self, signals [STEP], 0, step);
  notify (self, PROP_CAN_START);
}

/* Plan */

void
salve_treatment_build_plan (SalveTreatment *self,
                            SalvePlan      *plan)
{
  g_return_if_fail (SALVE_IS_TREATMENT (self));
  g_return_if_fail (plan != NULL);

  salve_plan_init (plan, self->modality, self->site < SALVE_N_SITES ? self->site : SALVE_SITE_KNEE);
  for (SalveParam p = 0; p < SALVE_N_PARAMS; p++)
    {
      double value;

      if (salve_plan_get (&self->values, p, &value))
        salve_plan_set (plan, p, value);
    }

  salve_treatment_build_rules_inputs (self->db, self->profile, self->device, plan, NULL, NULL);
  if (self->device == NULL && self->device_name != NULL)
    salve_plan_set_device_name (plan, self->device_name);
}

static void
update_findings (SalveTreatment *self)
{
  g_autoptr(GPtrArray) findings = NULL;

  if (self->site >= SALVE_N_SITES)
    findings = g_ptr_array_new_with_free_func ((GDestroyNotify) salve_finding_free);
  else
    {
      SalvePlan plan;

      salve_treatment_build_plan (self, &plan);
      findings = salve_rules_check (&plan, &self->answers);
      self->numb_applies = salve_modality_is_electrical (self->modality) && salve_plan_numbness_applies (&plan);
      salve_plan_clear (&plan);
    }

  /* Findings that say the same keep their acknowledgements; any that
   * differ must be read, and acknowledged, again. */
  if (self->findings != NULL && salve_findings_equal (findings, self->findings))
    return;

  g_clear_pointer (&self->findings, g_ptr_array_unref);
  self->findings = g_steal_pointer (&findings);
  g_ptr_array_set_size (self->acknowledgements, 0);
  if (!self->disposing)
    g_signal_emit (self, signals [FINDINGS_CHANGED], 0);
  notify (self, PROP_CAN_START);
}

static gboolean
can_plan (SalveTreatment *self)
{
  return self->step == SALVE_TREATMENT_STEP_PLAN;
}

void
salve_treatment_set_answers (SalveTreatment            *self,
                             const SalveProfileAnswers *answers)
{
  g_return_if_fail (SALVE_IS_TREATMENT (self));
  g_return_if_fail (answers != NULL);

  if (!can_plan (self))
    return;

  self->answers = *answers;
  self->answers_set = TRUE;
  update_findings (self);
}

/* The checklist as it stands at the start: a condition saved since the
 * treatment was made (in the Checklist, or by salvectl while the session
 * was being prepared) counts. Answers a caller set are kept where they
 * are a risk and the stored one is not: of the two, the risk stands. */
static gboolean
refresh_answers (SalveTreatment  *self,
                 GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  SalveProfileAnswers stored;

  if (self->profile == NULL)
    return TRUE;

  salve_profile_answers_init (&stored, SALVE_ANSWER_UNKNOWN);
  if (!salve_condition_repo_load (self->db, salve_profile_get_id (self->profile), &stored, &local_error) ||
      !add_unmarked_damaged_skin (self->db, salve_profile_get_id (self->profile), &stored, &local_error))
    {
      g_set_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_BLOCKED,
                   _("The checklist could not be read again before the start, so the session does not start: %s"),
                   local_error->message);
      return FALSE;
    }

  if (!self->answers_set)
    {
      self->answers = stored;
      return TRUE;
    }

  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    if (stored.answers[c] != SALVE_ANSWER_NO)
      {
        self->answers.answers[c] = stored.answers[c];
        self->answers.sites[c] = stored.sites[c];
        self->answers.answered[c] = stored.answered[c];
      }
  if (!isnan (stored.intensity_ceiling_ma) &&
      (isnan (self->answers.intensity_ceiling_ma) || stored.intensity_ceiling_ma < self->answers.intensity_ceiling_ma))
    self->answers.intensity_ceiling_ma = stored.intensity_ceiling_ma;

  return TRUE;
}

void
salve_treatment_set_modality (SalveTreatment *self,
                              SalveModality   modality)
{
  g_return_if_fail (SALVE_IS_TREATMENT (self));
  g_return_if_fail (modality < SALVE_N_MODALITIES);

  if (!can_plan (self) || modality == self->modality)
    return;

  /* Everything that belonged to the other modality goes: its device and
   * connection, its values and program, and what was acknowledged for
   * it. The site and the answers are the person's, and stay. */
  self->modality = modality;
  g_clear_pointer (&self->device, salve_device_free);
  g_clear_pointer (&self->device_name, g_free);
  g_clear_pointer (&self->port, g_free);
  self->simulated = FALSE;
  salve_plan_clear (&self->values);
  salve_plan_init (&self->values, modality, SALVE_SITE_KNEE);
  g_clear_pointer (&self->program_id, g_free);
  g_clear_object (&self->preset);
  self->program = 0;
  self->ramp_rate = 0;

  /* New findings, told as new even when they say the same. */
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_ptr_array_set_size (self->acknowledgements, 0);
  update_findings (self);
}

void
salve_treatment_set_device (SalveTreatment    *self,
                            const SalveDevice *device)
{
  g_return_if_fail (SALVE_IS_TREATMENT (self));
  g_return_if_fail (device == NULL || device->modality == self->modality);

  if (!can_plan (self))
    return;

  g_clear_pointer (&self->device, salve_device_free);
  if (device != NULL)
    self->device = salve_device_copy (device);
  update_findings (self);
}

const SalveDevice *
salve_treatment_get_device (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), NULL);
  return self->device;
}

void
salve_treatment_set_device_name (SalveTreatment *self,
                                 const char     *name)
{
  g_return_if_fail (SALVE_IS_TREATMENT (self));

  if (!can_plan (self))
    return;

  g_free (self->device_name);
  self->device_name = g_strdup (name);
}

void
salve_treatment_set_port (SalveTreatment *self,
                          const char     *port)
{
  g_return_if_fail (SALVE_IS_TREATMENT (self));

  if (!can_plan (self))
    return;

  g_free (self->port);
  self->port = g_strdup (port);
}

void
salve_treatment_set_simulated (SalveTreatment *self,
                               gboolean        simulated)
{
  g_return_if_fail (SALVE_IS_TREATMENT (self));

  if (can_plan (self))
    self->simulated = simulated;
}

gboolean
salve_treatment_get_simulated (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), FALSE);

  return self->simulated;
}

static const char *
connection (SalveTreatment *self)
{
  if (self->port != NULL)
    return self->port;

  if (self->device != NULL && self->device->connection != NULL && !salve_device_is_manual (self->device))
    return self->device->connection;

  return NULL;
}

const char *
salve_treatment_get_manual_end_advice (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), NULL);

  if (salve_treatment_is_connected (self) || !salve_treatment_started_on_device (self))
    return NULL;

  switch (self->modality)
    {
    case SALVE_MODALITY_TENS:
    case SALVE_MODALITY_NMES:
      return _("Switch the device off and take the electrodes off, if you have not yet: Salve does not control "
               "it, and cannot tell whether it is off.");
    case SALVE_MODALITY_LASER:
      return _("Switch the laser off, if you have not yet: Salve does not control it, and cannot tell whether "
               "it is off.");
    case SALVE_MODALITY_PEMF:
    case SALVE_N_MODALITIES:
    default:
      return _("Switch the device off, if you have not yet: Salve does not control it, and cannot tell whether "
               "it is off.");
    }
}

const char *
salve_treatment_get_unconfirmed_stop_advice (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), NULL);

  if (!self->stop_unconfirmed)
    return NULL;

  switch (self->modality)
    {
    case SALVE_MODALITY_TENS:
    case SALVE_MODALITY_NMES:
      return _("Salve could not confirm that the device stopped. Switch it off and take the electrodes off, if "
               "you have not yet.");
    case SALVE_MODALITY_LASER:
      return _("Salve could not confirm that the laser stopped. Switch it off, if you have not yet.");
    case SALVE_MODALITY_PEMF:
    case SALVE_N_MODALITIES:
    default:
      return _("Salve could not confirm that the device stopped. Switch it off, if you have not yet.");
    }
}

gboolean
salve_treatment_is_connected (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), FALSE);
  return self->simulated || connection (self) != NULL;
}

void
salve_treatment_set_site (SalveTreatment *self,
                          SalveSite       site)
{
  g_return_if_fail (SALVE_IS_TREATMENT (self));
  g_return_if_fail (site <= SALVE_N_SITES);

  if (!can_plan (self) || site == self->site)
    return;

  self->site = site;
  update_findings (self);
}

SalveSite
salve_treatment_get_site (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), SALVE_N_SITES);
  return self->site;
}

void
salve_treatment_set_param (SalveTreatment *self,
                           SalveParam      param,
                           double          value)
{
  double old;

  g_return_if_fail (SALVE_IS_TREATMENT (self));
  g_return_if_fail (param < SALVE_N_PARAMS);

  if (!can_plan (self) || salve_modality_get_param (self->modality, param) == NULL)
    return;
  if (salve_plan_get (&self->values, param, &old) && old == value)
    return;

  salve_plan_set (&self->values, param, value);
  update_findings (self);
}

void
salve_treatment_unset_param (SalveTreatment *self,
                             SalveParam      param)
{
  g_return_if_fail (SALVE_IS_TREATMENT (self));
  g_return_if_fail (param < SALVE_N_PARAMS);

  if (!can_plan (self) || !salve_plan_is_set (&self->values, param))
    return;

  salve_plan_unset (&self->values, param);
  update_findings (self);
}

gboolean
salve_treatment_get_param (SalveTreatment *self,
                           SalveParam      param,
                           double         *value)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), FALSE);
  g_return_val_if_fail (param < SALVE_N_PARAMS, FALSE);

  return salve_plan_get (&self->values, param, value);
}

double
salve_treatment_get_ceiling (SalveTreatment *self)
{
  SalveProfileAnswers answers;

  g_return_val_if_fail (SALVE_IS_TREATMENT (self), NAN);

  /* Numbness noted here counts as reduced sensation, as the rules'
   * check of the planned intensity does. */
  answers = self->answers;
  if (self->numb_applies && answers.answers[SALVE_CONDITION_REDUCED_SENSATION] == SALVE_ANSWER_NO)
    answers.answers[SALVE_CONDITION_REDUCED_SENSATION] = SALVE_ANSWER_YES;
  return salve_rules_get_intensity_ceiling (&answers, self->device, self->modality);
}

static gboolean
device_value (double  value,
              double *out)
{
  if (isnan (value) || value <= 0)
    return FALSE;

  *out = value;
  return TRUE;
}

void
salve_treatment_set_preset (SalveTreatment *self,
                            SalvePreset    *preset)
{
  g_autoptr(GList) keys = NULL;
  SalveParam intensity;
  double value, ceiling;

  g_return_if_fail (SALVE_IS_TREATMENT (self));
  g_return_if_fail (SALVE_IS_PRESET (preset));
  g_return_if_fail (salve_preset_get_modality (preset) == self->modality);

  if (!can_plan (self))
    return;

  for (SalveParam p = 0; p < SALVE_N_PARAMS; p++)
    salve_plan_unset (&self->values, p);

  keys = json_object_get_members (salve_preset_get_params (preset));
  for (const GList *l = keys; l != NULL; l = l->next)
    {
      SalveParam param;

      if (salve_param_from_id (l->data, &param) && salve_modality_get_param (self->modality, param) != NULL)
        salve_plan_set (&self->values, param, salve_preset_get_param (preset, l->data, 0));
    }

  /* What the device is: its own power, beam and electrodes win over the
   * program's assumptions, since t = E / P depends on the real P. */
  if (self->device != NULL)
    {
      if (self->modality == SALVE_MODALITY_LASER && device_value (self->device->max_power_mw, &value))
        salve_plan_set (&self->values, SALVE_PARAM_POWER_MW, value);
      if (self->modality == SALVE_MODALITY_LASER && device_value (self->device->beam_cm2, &value))
        salve_plan_set (&self->values, SALVE_PARAM_BEAM_CM2, value);
      if (self->modality == SALVE_MODALITY_LASER && device_value (self->device->wavelength_nm, &value))
        salve_plan_set (&self->values, SALVE_PARAM_WAVELENGTH_NM, value);
      if (salve_modality_is_electrical (self->modality) && device_value (self->device->electrode_cm2, &value))
        salve_plan_set (&self->values, SALVE_PARAM_ELECTRODE_CM2, value);
    }

  /* A program may plan more than this person's ceiling (or the device)
   * allows, one saved before the checklist changed, say: it starts at the
   * ceiling, instead of a plan the safety check blocks. */
  intensity = salve_modality_get_intensity_param (self->modality);
  ceiling = salve_treatment_get_ceiling (self);
  if (salve_plan_get (&self->values, intensity, &value) && value > ceiling)
    salve_plan_set (&self->values, intensity, ceiling);

  g_free (self->program_id);
  self->program_id = g_strdup (salve_preset_get_id (preset));
  g_set_object (&self->preset, preset);

  /* A program written for a site suggests it, until one is chosen. */
  if (self->site >= SALVE_N_SITES && salve_preset_get_site (preset) < SALVE_N_SITES)
    self->site = salve_preset_get_site (preset);

  update_findings (self);
}

SalvePreset *
salve_treatment_get_preset (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), NULL);
  return self->preset;
}

GPtrArray *
salve_treatment_list_programs (SalveTreatment *self)
{
  g_autoptr(GPtrArray) programs = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (SALVE_IS_TREATMENT (self), NULL);

  programs = salve_presets_list_builtin (self->modality);
  if (self->profile == NULL)
    return g_steal_pointer (&programs);

  saved = salve_program_repo_list (self->db, salve_profile_get_id (self->profile), self->modality, &error);
  if (saved == NULL)
    g_warning ("Could not read saved programs: %s", error->message);
  else
    for (guint i = 0; i < saved->len; i++)
      g_ptr_array_add (programs, g_object_ref (g_ptr_array_index (saved, i)));

  return g_steal_pointer (&programs);
}

SalvePreset *
salve_treatment_save_program (SalveTreatment  *self,
                              const char      *name,
                              GError         **error)
{
  g_autoptr(SalvePreset) copy = NULL;

  g_return_val_if_fail (SALVE_IS_TREATMENT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (self->profile == NULL || self->preset == NULL)
    {
      g_set_error_literal (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_INCOMPLETE,
                           _("There is no program to save."));
      return NULL;
    }

  copy = salve_preset_new (salve_preset_get_id (self->preset), self->modality, name);
  salve_preset_set_summary (copy, salve_preset_get_summary (self->preset));
  salve_preset_set_steps (copy, salve_preset_get_steps (self->preset));
  salve_preset_set_site (copy, self->site < SALVE_N_SITES ? self->site : salve_preset_get_site (self->preset));
  salve_preset_set_uses_glove (copy, salve_preset_get_uses_glove (self->preset));
  salve_preset_set_program_id (copy, salve_preset_get_program_id (self->preset));
  for (SalveParam p = 0; p < SALVE_N_PARAMS; p++)
    {
      double value;

      if (salve_plan_get (&self->values, p, &value))
        salve_preset_set_param (copy, salve_param_to_id (p), value);
    }

  return _salve_treatment_save_program (self->db, self->profile, copy, salve_preset_get_id (self->preset), error);
}

void
salve_treatment_set_program (SalveTreatment *self,
                             guint           program)
{
  g_return_if_fail (SALVE_IS_TREATMENT (self));

  if (can_plan (self))
    self->program = program;
}

void
salve_treatment_set_ramp_rate (SalveTreatment *self,
                               double          per_second)
{
  g_return_if_fail (SALVE_IS_TREATMENT (self));

  if (can_plan (self))
    self->ramp_rate = per_second;
}

double
salve_treatment_get_seconds_per_point (SalveTreatment *self)
{
  double dose, power;

  g_return_val_if_fail (SALVE_IS_TREATMENT (self), 0);

  if (self->modality != SALVE_MODALITY_LASER ||
      !salve_plan_get (&self->values, SALVE_PARAM_DOSE_J, &dose) || !(dose > 0) ||
      !salve_plan_get (&self->values, SALVE_PARAM_POWER_MW, &power) || !(power > 0))
    return 0;

  return salve_laser_seconds (dose, power);
}

guint
salve_treatment_get_n_points (SalveTreatment *self)
{
  double points = 1;

  g_return_val_if_fail (SALVE_IS_TREATMENT (self), 0);

  if (salve_treatment_get_seconds_per_point (self) <= 0)
    return 0;

  salve_plan_get (&self->values, SALVE_PARAM_POINTS, &points);
  return points >= 1 ? (guint) points : 1;
}

double
salve_treatment_get_energy_j (SalveTreatment *self)
{
  double power = 0;
  gint64 on_ms;

  g_return_val_if_fail (SALVE_IS_TREATMENT (self), 0);

  if (self->modality != SALVE_MODALITY_LASER || self->runner == NULL ||
      !salve_plan_get (&self->values, SALVE_PARAM_POWER_MW, &power))
    return 0;

  /* A device that reports its output gave what it reported: its ramp
   * to the power takes part of the time. */
  if (self->stimulator != NULL && self->reported_any)
    return self->reported_mj / 1000.0;

  on_ms = salve_session_runner_get_elapsed_ms (self->runner);
  if (salve_session_runner_get_total_ms (self->runner) >= 0)
    on_ms = MIN (on_ms, salve_session_runner_get_total_ms (self->runner));

  return power / 1000.0 * on_ms / 1000.0;
}

/* A time far beyond any limit is still a time (the safety check blocks
 * it), never an overflow that reads as none. */
#define MAX_PLANNED_MS ((gint64) 1e15)

static gint64
ms_from_double (double ms)
{
  if (!(ms < (double) MAX_PLANNED_MS))
    return MAX_PLANNED_MS;

  return (gint64) llround (ms);
}

gint64
salve_treatment_get_planned_ms (SalveTreatment *self)
{
  double seconds, minutes;

  g_return_val_if_fail (SALVE_IS_TREATMENT (self), -1);

  /* The same arithmetic as the runner's: per point, rounded to the ms. */
  seconds = salve_treatment_get_seconds_per_point (self);
  if (seconds > 0)
    return ms_from_double (ms_from_double (seconds * 1000.0) * (double) salve_treatment_get_n_points (self));

  if (salve_plan_get (&self->values, SALVE_PARAM_MINUTES, &minutes) && minutes > 0)
    return ms_from_double (minutes * 60000.0);

  return -1;
}

/* Findings and acknowledgements */

GPtrArray *
salve_treatment_get_findings (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), NULL);
  return self->findings;
}

SalveVerdict
salve_treatment_get_verdict (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), SALVE_VERDICT_BLOCKED);
  return salve_findings_get_verdict (self->findings);
}

static SalveVerdict
modality_site_verdict (SalveTreatment *self,
                       SalveModality   modality,
                       SalveSite       site)
{
  SalveVerdict baseline = SALVE_VERDICT_BLOCKED;
  SalveVerdict verdict;

  for (SalveSite s = 0; s < SALVE_N_SITES; s++)
    baseline = MIN (baseline, salve_rules_check_site (modality, s, &self->answers, NULL));

  verdict = salve_rules_check_site (modality, site, &self->answers, NULL);
  if (verdict == SALVE_VERDICT_CAUTION && baseline == SALVE_VERDICT_CAUTION)
    return SALVE_VERDICT_ALLOWED;

  return verdict;
}

SalveVerdict
salve_treatment_get_site_verdict (SalveTreatment *self,
                                  SalveSite       site)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), SALVE_VERDICT_BLOCKED);
  g_return_val_if_fail (site < SALVE_N_SITES, SALVE_VERDICT_BLOCKED);

  return modality_site_verdict (self, self->modality, site);
}

SalveVerdict
salve_treatment_get_best_site_verdict (SalveTreatment *self,
                                       SalveSite       site)
{
  SalveVerdict best = SALVE_VERDICT_BLOCKED;

  g_return_val_if_fail (SALVE_IS_TREATMENT (self), SALVE_VERDICT_BLOCKED);
  g_return_val_if_fail (site < SALVE_N_SITES, SALVE_VERDICT_BLOCKED);

  for (SalveModality m = 0; m < SALVE_N_MODALITIES; m++)
    best = MIN (best, modality_site_verdict (self, m, site));

  return best;
}

static const SalveFinding *
find_caution (SalveTreatment *self,
              const char     *rule_id)
{
  for (guint i = 0; i < self->findings->len; i++)
    {
      const SalveFinding *finding = g_ptr_array_index (self->findings, i);

      if (finding->severity == SALVE_SEVERITY_CAUTION && g_strcmp0 (finding->rule_id, rule_id) == 0)
        return finding;
    }

  return NULL;
}

gboolean
salve_treatment_is_acknowledged (SalveTreatment *self,
                                 const char     *rule_id)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), FALSE);

  for (guint i = 0; i < self->acknowledgements->len; i++)
    {
      const SalveAcknowledgement *ack = g_ptr_array_index (self->acknowledgements, i);

      if (g_strcmp0 (ack->rule_id, rule_id) == 0)
        return TRUE;
    }

  return FALSE;
}

gboolean
salve_treatment_acknowledge (SalveTreatment  *self,
                             const char      *rule_id,
                             const char      *by,
                             GError         **error)
{
  SalveAcknowledgement *ack;

  g_return_val_if_fail (SALVE_IS_TREATMENT (self), FALSE);
  g_return_val_if_fail (rule_id != NULL, FALSE);
  g_return_val_if_fail (by != NULL && *by != '\0', FALSE);

  if (!can_plan (self))
    {
      g_set_error_literal (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_BAD_STEP,
                           _("The session has started already."));
      return FALSE;
    }

  if (find_caution (self, rule_id) == NULL)
    {
      g_set_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_NO_SUCH_CAUTION,
                   _("There is no caution “%s” for this session."), rule_id);
      return FALSE;
    }

  if (salve_treatment_is_acknowledged (self, rule_id))
    return TRUE;

  ack = g_new0 (SalveAcknowledgement, 1);
  ack->rule_id = g_strdup (rule_id);
  ack->by = g_strdup (by);
  ack->at = salve_time_now_iso ();
  g_ptr_array_add (self->acknowledgements, ack);
  notify (self, PROP_CAN_START);

  return TRUE;
}

void
salve_treatment_unacknowledge (SalveTreatment *self,
                               const char     *rule_id)
{
  gboolean changed = FALSE;

  g_return_if_fail (SALVE_IS_TREATMENT (self));

  if (!can_plan (self))
    return;

  for (guint i = self->acknowledgements->len; i > 0; i--)
    {
      const SalveAcknowledgement *ack = g_ptr_array_index (self->acknowledgements, i - 1);

      if (rule_id == NULL || g_strcmp0 (ack->rule_id, rule_id) == 0)
        {
          g_ptr_array_remove_index (self->acknowledgements, i - 1);
          changed = TRUE;
        }
    }

  if (changed)
    notify (self, PROP_CAN_START);
}

void
salve_treatment_acknowledge_all (SalveTreatment *self,
                                 const char     *by)
{
  g_return_if_fail (SALVE_IS_TREATMENT (self));

  for (guint i = 0; i < self->findings->len; i++)
    {
      const SalveFinding *finding = g_ptr_array_index (self->findings, i);

      if (finding->severity == SALVE_SEVERITY_CAUTION)
        salve_treatment_acknowledge (self, finding->rule_id, by, NULL);
    }
}

static gboolean
all_acknowledged (SalveTreatment *self)
{
  for (guint i = 0; i < self->findings->len; i++)
    {
      const SalveFinding *finding = g_ptr_array_index (self->findings, i);

      if (finding->severity == SALVE_SEVERITY_CAUTION && !salve_treatment_is_acknowledged (self, finding->rule_id))
        return FALSE;
    }

  return TRUE;
}

gboolean
salve_treatment_get_can_start (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), FALSE);

  return can_plan (self) &&
         self->site < SALVE_N_SITES &&
         salve_findings_get_verdict (self->findings) != SALVE_VERDICT_BLOCKED &&
         all_acknowledged (self);
}

static gboolean
check_pain (int      pain,
            GError **error)
{
  if (pain == SALVE_PAIN_UNSET || (pain >= 0 && pain <= 10))
    return TRUE;

  g_set_error_literal (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_INVALID,
                       _("Pain is a number from 0 to 10."));
  return FALSE;
}

gboolean
salve_treatment_set_pain_before (SalveTreatment  *self,
                                 int              pain,
                                 GError         **error)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), FALSE);

  if (!check_pain (pain, error))
    return FALSE;

  self->pain_before = pain;
  return TRUE;
}

/* Running */

/* Each STATUS while the session runs, as the device reported it. */
static void
on_stimulator_status (SalveStimulator *stimulator,
                      SalveTreatment  *self)
{
  gint64 now = g_get_monotonic_time ();
  double output = 0;

  if (self->runner == NULL || salve_session_runner_get_state (self->runner) != SALVE_RUNNER_RUNNING)
    {
      self->reported_last_us = 0;
      return;
    }

  for (guint i = 0; i < salve_stimulator_get_n_channels (stimulator); i++)
    {
      output = MAX (output, salve_stimulator_get_output (stimulator, i));
      self->asked_max = MAX (self->asked_max, salve_stimulator_get_goal (stimulator, i));
    }

  if (self->reported_last_us > 0)
    self->reported_mj += self->reported_last * MIN (now - self->reported_last_us, REPORT_GAP_MAX_MS * 1000) / 1e6;
  self->reported_last = output;
  self->reported_last_us = now;
  self->reported_max = MAX (self->reported_max, output);
  self->reported_any = TRUE;
}

/* What the device's reported output tells of the session (@note, taken):
 * kept for its end, and written to its log. */
static void
note_output (SalveTreatment *self,
             char           *note)
{
  SalveSessionJournal *journal = _salve_treatment_recorder_get_journal (self->recorder);

  g_free (self->output_note);
  self->output_note = note;
  if (journal != NULL)
    salve_session_journal_log (journal, SALVE_SESSION_EVENT_NOTE,
                               salve_session_runner_get_elapsed_ms (self->runner), note, NULL);
}

/* A session that ran on a device whose reported output never came near
 * the plan's (a ramp slower than the session, a device that delivers
 * less than it was asked for) says so in its log and its end. */
static void
check_output_reached (SalveTreatment *self)
{
  SalveParam intensity = salve_modality_get_intensity_param (self->modality);
  const char *unit = salve_param_get_unit (intensity);
  double planned = 0;

  if (!self->reported_any || self->runner == NULL || !salve_plan_get (&self->values, intensity, &planned) ||
      !(planned > 0) || self->reported_max >= planned * OUTPUT_REACHED_SHARE)
    return;

  /* Translators: "The output reached at most 0.1 mA of the 8 mA planned." */
  note_output (self, g_strdup_printf (_("The output reached at most %.3g %s of the %.3g %s planned."),
                                      self->reported_max, unit, planned, unit));
}

/* A device may report up to one of Salve's ramp steps above what it was
 * asked for without being stopped (protocol.md, section 11): a rise
 * still under way. One that did so beyond the highest intensity the
 * session ever asked for delivered more than the person chose, maybe
 * all session long: said in the log and at the end, for whoever reads
 * them, as an output that fell short is. */
static void
check_output_above (SalveTreatment *self)
{
  const char *unit = salve_param_get_unit (salve_modality_get_intensity_param (self->modality));

  if (!self->reported_any || self->runner == NULL || !(self->asked_max > 0) ||
      self->reported_max <= self->asked_max * (1 + 1e-9))
    return;

  /* Translators: "The device reported up to 6 mA, more than the 5 mA it was asked for." */
  note_output (self, g_strdup_printf (_("The device reported up to %.3g %s, more than the %.3g %s it was asked for."),
                                      self->reported_max, unit, self->asked_max, unit));
}

const char *
salve_treatment_get_output_note (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), NULL);
  return self->output_note;
}

static gboolean
emit_finished (gpointer user_data)
{
  SalveTreatment *self = user_data;

  self->finish_id = 0;
  set_step (self, SALVE_TREATMENT_STEP_AFTER);
  if (!self->disposing)
    g_signal_emit (self, signals [FINISHED], 0);

  return G_SOURCE_REMOVE;
}

/* What went wrong after the session's end: said in the session's log
 * and to whoever shows the end (@error is taken). */
static void
stop_went_wrong (SalveTreatment *self,
                 GError         *error)
{
  SalveSessionJournal *journal = _salve_treatment_recorder_get_journal (self->recorder);

  if (journal != NULL && self->runner != NULL)
    salve_session_journal_log (journal, SALVE_SESSION_EVENT_FAULT,
                               salve_session_runner_get_elapsed_ms (self->runner),
                               error->message, NULL);

  /* A second word (the stop then never confirmed) follows the first (the
   * output the device reported after the stop): the person is told both. */
  if (self->stop_error != NULL)
    {
      const char *first = self->stop_error->message;
      gboolean ended = *first != '\0' && strchr (".?!", first[strlen (first) - 1]) != NULL;
      g_autofree char *both = g_strdup_printf (ended ? "%s %s" : "%s. %s", first, error->message);

      g_free (error->message);
      error->message = g_steal_pointer (&both);
      g_clear_error (&self->stop_error);
    }
  self->stop_error = error;
}

/* The stop was not confirmed: the output may still be on. */
static void
stop_not_confirmed (SalveTreatment *self)
{
  self->stop_unconfirmed = TRUE;
  stop_went_wrong (self, g_error_new_literal (SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_STOP_NOT_CONFIRMED,
                                              _("The stimulator did not confirm that its output is off. "
                                                "Switch it off and take the electrodes off.")));
}

static gboolean
wait_for_stop (gpointer user_data)
{
  SalveTreatment *self = user_data;
  SalveStimulatorState state = salve_stimulator_get_state (self->stimulator);

  /* A device that reports output after the stop (or any fault now) is
   * stopped as a fault by the driver: the session is over, but its log
   * and its end say so, even when the output then goes off. */
  if (state == SALVE_STIMULATOR_FAULT && !self->stop_wait_fault)
    {
      const GError *fault = salve_stimulator_get_last_error (self->stimulator);

      self->stop_wait_fault = TRUE;
      /* It did not stop as asked: even when its output goes off later
       * (its own dead-man), the end must not say the device was stopped
       * beside the dialog that asks the person to switch it off. */
      self->stop_unconfirmed = TRUE;
      stop_went_wrong (self, fault != NULL ? g_error_copy (fault)
                                           : g_error_new_literal (SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_STOP_NOT_CONFIRMED,
                                                                  _("The stimulator reported a fault after the session")));
    }

  if (salve_stimulator_is_stop_confirmed (self->stimulator))
    return emit_finished (self);

  /* The link went while waiting, or the time is up: nobody confirmed. */
  if (state == SALVE_STIMULATOR_LINK_LOST || state == SALVE_STIMULATOR_IDLE ||
      g_get_monotonic_time () >= self->stop_wait_until_us)
    {
      stop_not_confirmed (self);
      return emit_finished (self);
    }

  return G_SOURCE_CONTINUE;
}

static void
on_runner_finished (SalveSessionRunner *runner,
                    SalveTreatment     *self)
{
  SalveStimulatorState state;

  if (self->stimulator != NULL && self->sleep_monitor != NULL)
    salve_sleep_monitor_remove_stimulator (self->sleep_monitor, self->stimulator);
  if (self->stimulator != NULL)
    {
      g_clear_signal_handler (&self->status_id, self->stimulator);
      if (!self->disposing && salve_session_get_outcome (self->session) == SALVE_SESSION_OUTCOME_COMPLETED)
        check_output_reached (self);
      /* (A session a fault ended says why already.) */
      if (!self->disposing && salve_session_get_outcome (self->session) != SALVE_SESSION_OUTCOME_INTERRUPTED)
        check_output_above (self);
    }

  if (self->stimulator == NULL || self->disposing)
    {
      emit_finished (self);
      return;
    }

  /* The port stays open until the device confirms the stop. A lost link
   * has nothing to confirm it: a device that froze, or whose cable came
   * loose, may still be delivering, and wait_for_stop() tells the person
   * to switch it off at its first look, as for any stop not confirmed. */
  state = salve_stimulator_get_state (self->stimulator);
  if (state == SALVE_STIMULATOR_IDLE)
    emit_finished (self);
  else if (self->finish_id == 0)
    {
      /* A fault that ended the session is in its log already. */
      self->stop_wait_fault = state == SALVE_STIMULATOR_FAULT;
      /* Meanwhile no heartbeat keeps a device that ignores the STOP on. */
      salve_stimulator_wind_down (self->stimulator);
      self->stop_wait_until_us = g_get_monotonic_time () + STOP_CONFIRM_MS * 1000;
      self->finish_id = g_timeout_add (STOP_POLL_MS, wait_for_stop, self);
    }
}

const GError *
salve_treatment_get_stop_error (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), NULL);
  return self->stop_error;
}

static void
on_runner_tick (SalveSessionRunner *runner,
                SalveTreatment     *self)
{
  g_signal_emit (self, signals [TICK], 0);
}

static void
on_runner_point (SalveSessionRunner *runner,
                 guint               point,
                 SalveTreatment     *self)
{
  g_signal_emit (self, signals [POINT_CHANGED], 0, point);
}

static void
take_runner (SalveTreatment     *self,
             SalveSessionRunner *runner)
{
  g_clear_object (&self->runner);
  self->runner = runner;
  g_signal_connect_object (runner, "finished", G_CALLBACK (on_runner_finished), self, 0);
  g_signal_connect_object (runner, "tick", G_CALLBACK (on_runner_tick), self, 0);
  g_signal_connect_object (runner, "point-changed", G_CALLBACK (on_runner_point), self, 0);
  salve_session_runner_set_intensity_limit (runner, salve_treatment_get_ceiling (self));
  /* The runner's writes join the session's others, in order: a busy
   * database neither holds up the device nor loses a write. */
  if (self->recorder != NULL)
    salve_session_runner_set_journal (runner, _salve_treatment_recorder_get_journal (self->recorder));
}

/* The session was stored but never ran on the device: it ends as
 * interrupted for @reason, in the log like any other. */
static void
end_before_running (SalveTreatment *self,
                    const char     *reason,
                    GError         *error)
{
  g_clear_error (&self->error);
  self->error = g_error_copy (error);

  if (self->runner == NULL)
    take_runner (self, salve_session_runner_new_manual (_salve_treatment_recorder_get_db (self->recorder),
                                                        self->session));
  salve_session_runner_device_failed (self->runner, reason, error->message);
}

static void
begin_running (SalveTreatment *self)
{
  g_autoptr(GError) error = NULL;

  /* A start the database refuses (a full disk) is no start: the person is
   * never told to switch a manual device on, nor a stimulator started,
   * for a session that would not be on record. */
  if (!salve_session_runner_store_start (self->runner, &error))
    {
      g_autoptr(GError) refused = NULL;

      /* Translators: %s is why, e.g. "The disk is full: …" */
      refused = g_error_new (SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_NOT_RECORDED,
                             _("The session was not started, because it could not be recorded: %s"), error->message);
      end_before_running (self, SALVE_SESSION_REASON_FAULT, refused);
      return;
    }

  set_step (self, SALVE_TREATMENT_STEP_RUNNING);
  if (!salve_session_runner_start (self->runner, &error))
    {
      g_clear_error (&self->error);
      self->error = g_error_copy (error);
      /* Mostly ended by the runner already (the device refused); a
       * session that could not even be marked started ends here. */
      if (salve_session_runner_get_state (self->runner) != SALVE_RUNNER_FINISHED)
        salve_session_runner_device_failed (self->runner, SALVE_SESSION_REASON_FAULT, error->message);
    }
}

/* A connected device refused before the start (of another modality, a
 * value outside its range): its runner stops it and waits for the stop to
 * be confirmed, as at any session's end. Without one the port was given
 * up at once, and the device's own confirmation came too late to count. */
static void
refuse_connected (SalveTreatment *self,
                  GError         *error)
{
  take_runner (self, salve_session_runner_new_for_stimulator (_salve_treatment_recorder_get_db (self->recorder),
                                                              self->session, self->stimulator));
  end_before_running (self, SALVE_SESSION_REASON_FAULT, error);
}

static void
on_connected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SalveTreatment) self = user_data;
  g_autoptr(GError) error = NULL;
  const SalveDeviceInfo *info;
  SalveParam intensity;
  SalvePlan plan;
  double goal = 0;

  if (!salve_stimulator_connect_finish (SALVE_STIMULATOR (object), result, &error))
    {
      /* Stopped or closed while connecting: that already ended it. */
      if (self->step != SALVE_TREATMENT_STEP_CONNECTING)
        return;

      /* A device that answered and was refused (its INFO, a status it
       * cannot have) is a fault; one that never answered, a lost link. */
      end_before_running (self,
                          g_error_matches (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_PROTOCOL) ||
                          g_error_matches (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OUTPUT) ||
                          g_error_matches (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_REFUSED) ||
                          g_error_matches (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_FAULT)
                            ? SALVE_SESSION_REASON_FAULT : SALVE_SESSION_REASON_LINK_LOST,
                          error);
      return;
    }

  if (self->step != SALVE_TREATMENT_STEP_CONNECTING)
    return;

  info = salve_stimulator_get_info (self->stimulator);
  if (info->modality != self->modality)
    {
      g_set_error (&error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_WRONG_DEVICE,
                   /* Translators: "The device is for NMES, not for TENS." */
                   _("The device is for %s, not for %s."),
                   salve_modality_get_name (info->modality), salve_modality_get_name (self->modality));
      refuse_connected (self, error);
      return;
    }

  if (self->ramp_rate > 0)
    salve_stimulator_set_ramp_rate (self->stimulator, self->ramp_rate);

  /* Every value is checked by the driver before anything is sent. */
  intensity = salve_modality_get_intensity_param (self->modality);
  salve_treatment_build_plan (self, &plan);
  salve_plan_get (&plan, intensity, &goal);
  if (!salve_stimulator_check_value (self->stimulator, intensity, goal, &error) ||
      !salve_stimulator_set_program (self->stimulator, self->program, &plan, &error))
    {
      salve_plan_clear (&plan);
      refuse_connected (self, error);
      return;
    }
  salve_plan_clear (&plan);

  if (self->sleep_monitor != NULL)
    salve_sleep_monitor_add_stimulator (self->sleep_monitor, self->stimulator);
  take_runner (self, salve_session_runner_new_for_stimulator (_salve_treatment_recorder_get_db (self->recorder),
                                                              self->session, self->stimulator));
  if (self->status_id == 0)
    self->status_id = g_signal_connect (self->stimulator, "status-updated", G_CALLBACK (on_stimulator_status), self);
  begin_running (self);
}

static void
on_sim_line (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SalveTreatment) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (self->step != SALVE_TREATMENT_STEP_CONNECTING)
    return;

  if (line == NULL)
    {
      g_clear_error (&error);
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The practice stimulator did not start."));
      end_before_running (self, SALVE_SESSION_REASON_LINK_LOST, error);
      return;
    }

  g_strstrip (line);
  salve_stimulator_connect_async (self->stimulator, line, self->cancellable, on_connected, g_object_ref (self));
}

/* In the practice stimulator's process, before it runs: it ends when
 * the program that started it does, killed or not, instead of staying
 * behind on its pseudo-terminal. (Its output is 0 once the link is gone,
 * as any device's; this is only so that nothing is left running.) */
static void
end_with_parent (gpointer user_data)
{
  /* The signal follows the thread that forked: launch_simulator() runs
   * on the main thread. Gone before the call, the parent sends none. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
  if (getppid () != (pid_t) GPOINTER_TO_INT (user_data))
    _exit (1);
}

static gboolean
launch_simulator (SalveTreatment  *self,
                  GError         **error)
{
  g_autofree char *sim = salve_treatment_find_simulator ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;

  if (sim == NULL)
    {
      g_set_error_literal (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_NO_SIMULATOR,
                           _("The practice stimulator “salve-stim-sim” is not installed."));
      return FALSE;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, end_with_parent, GINT_TO_POINTER (getpid ()), NULL);
  self->sim = g_subprocess_launcher_spawn (launcher, error,
                                           sim, "--modality", salve_modality_to_id (self->modality), NULL);
  if (self->sim == NULL)
    return FALSE;

  self->sim_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->sim));
  g_data_input_stream_read_line_async (self->sim_out, G_PRIORITY_DEFAULT, self->cancellable,
                                       on_sim_line, g_object_ref (self));
  return TRUE;
}

static char *
recorded_device_name (SalveTreatment *self)
{
  if (self->device != NULL)
    return g_strdup (self->device->name);
  if (self->device_name != NULL)
    return g_strdup (self->device_name);
  if (self->simulated)
    return g_strdup (_("Practice stimulator"));
  if (self->port != NULL)
    return g_strdup (self->port);

  return g_strdup ("");
}

static SalveSession *
new_session (SalveTreatment *self)
{
  g_autoptr(SalveSession) session = salve_session_new (self->modality, self->site);
  g_autofree char *name = recorded_device_name (self);
  double minutes;
  gint64 planned_ms;

  salve_session_set_device_name (session, name);
  /* The device's record is in the database kept, not in a scratch one. */
  if (self->device != NULL && self->device->id > 0 && _salve_treatment_recorder_is_kept (self->recorder))
    salve_session_set_device_id (session, self->device->id);

  if (self->program_id != NULL)
    salve_session_set_program (session, self->program_id);
  else if (self->program > 0)
    {
      g_autofree char *text = g_strdup_printf ("%u", self->program);
      salve_session_set_program (session, text);
    }

  for (SalveParam p = 0; p < SALVE_N_PARAMS; p++)
    {
      double value;

      if (p != SALVE_PARAM_MINUTES && salve_plan_get (&self->values, p, &value))
        salve_session_set_param (session, salve_param_to_id (p), value);
    }

  planned_ms = salve_treatment_get_planned_ms (self);
  if (salve_plan_get (&self->values, SALVE_PARAM_MINUTES, &minutes))
    salve_session_set_planned_minutes (session, minutes);
  else if (planned_ms > 0)
    salve_session_set_planned_minutes (session, planned_ms / 60000.0);

  salve_session_set_pain_before (session, self->pain_before);

  return g_steal_pointer (&session);
}

static gboolean
check_startable (SalveTreatment  *self,
                 GError         **error)
{
  SalveParam intensity = salve_modality_get_intensity_param (self->modality);
  double value;

  if (self->site >= SALVE_N_SITES)
    {
      g_set_error_literal (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_INCOMPLETE,
                           _("The session needs a site."));
      return FALSE;
    }

  if (!salve_plan_get (&self->values, intensity, &value) || !(value > 0))
    {
      g_set_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_INCOMPLETE,
                   _("The session needs its %s."), salve_param_get_name (intensity));
      return FALSE;
    }

  if (salve_treatment_get_planned_ms (self) <= 0)
    {
      g_set_error_literal (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_INCOMPLETE,
                           self->modality == SALVE_MODALITY_LASER
                             ? _("The session needs a time: the dose and power (t = E / P), or the minutes.")
                             : _("The session needs a time in minutes."));
      return FALSE;
    }

  /* The plan and the checklist as they stand now, checked again: a value
   * changed or a condition saved after the findings were read may have
   * brought a new one. */
  if (!refresh_answers (self, error))
    return FALSE;
  update_findings (self);
  if (salve_findings_get_verdict (self->findings) == SALVE_VERDICT_BLOCKED)
    {
      g_set_error_literal (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_BLOCKED,
                           _("This session is blocked by the safety check."));
      return FALSE;
    }

  if (!all_acknowledged (self))
    {
      g_set_error_literal (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_NOT_ACKNOWLEDGED,
                           _("Every caution must be acknowledged before the session starts."));
      return FALSE;
    }

  return TRUE;
}

static void
on_journal_pending (SalveTreatment *self)
{
  notify (self, PROP_N_PENDING);
}

static void
set_already_running (GError       **error,
                     SalveProfile  *profile)
{
  /* Translators: %s is the person's name */
  g_set_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_ALREADY_RUNNING,
               _("A session for %s is running. Start the next one once it has ended."),
               salve_profile_get_display_name (profile));
}

gboolean
salve_treatment_check_none_running (SalveDb       *db,
                                    SalveProfile  *profile,
                                    GError       **error)
{
  gboolean running = FALSE;

  g_return_val_if_fail (SALVE_IS_DB (db), FALSE);
  g_return_val_if_fail (SALVE_IS_PROFILE (profile), FALSE);

  if (!salve_session_repo_person_in_session (db, salve_profile_get_id (profile), &running, error))
    return FALSE;
  if (running)
    {
      set_already_running (error, profile);
      return FALSE;
    }

  return TRUE;
}

gboolean
salve_treatment_start (SalveTreatment  *self,
                       GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *port;

  g_return_val_if_fail (SALVE_IS_TREATMENT (self), FALSE);

  if (!can_plan (self))
    {
      g_set_error_literal (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_BAD_STEP,
                           _("The session has started already."));
      return FALSE;
    }

  /* Two stimulators on one person, or one driven by two programs, is
   * never meant: the person is claimed first, before anything else is
   * checked, stored or sent, so that two starts at the same moment
   * cannot both pass (salve_treatment_check_none_running() is only what
   * a front end asks beforehand). */
  if (self->profile != NULL)
    {
      g_autoptr(GError) claim_error = NULL;

      if (!salve_session_repo_claim_person (self->db, salve_profile_get_id (self->profile), &claim_error))
        {
          if (claim_error != NULL)
            g_propagate_error (error, g_steal_pointer (&claim_error));
          else
            set_already_running (error, self->profile);
          return FALSE;
        }
      self->claimed = TRUE;
    }
  if (!check_startable (self, error))
    {
      release_person (self);
      return FALSE;
    }

  self->recorder = _salve_treatment_recorder_new (self->db, self->profile, error);
  if (self->recorder == NULL)
    {
      release_person (self);
      return FALSE;
    }

  self->session = new_session (self);
  if (!_salve_treatment_recorder_open (self->recorder, self->session, self->acknowledgements, error))
    {
      g_clear_object (&self->session);
      g_clear_pointer (&self->recorder, _salve_treatment_recorder_free);
      release_person (self);
      return FALSE;
    }
  g_signal_connect_object (_salve_treatment_recorder_get_journal (self->recorder), "notify::n-pending",
                           G_CALLBACK (on_journal_pending), self, G_CONNECT_SWAPPED);
  notify (self, PROP_N_PENDING);
  notify (self, PROP_CAN_START);

  /* A session on the simulated stimulator is practice: marked so that
   * statistics, the chart, reports and exports leave it out. */
  if (self->simulated)
    {
      g_autoptr(SalveSessionEvent) practice = salve_session_event_new (SALVE_SESSION_EVENT_PRACTICE, 0, "", "");

      salve_session_journal_add_event (_salve_treatment_recorder_get_journal (self->recorder), practice);
    }

  if (!salve_treatment_is_connected (self))
    {
      take_runner (self, salve_session_runner_new_manual (_salve_treatment_recorder_get_db (self->recorder),
                                                          self->session));
      begin_running (self);
      return TRUE;
    }

  set_step (self, SALVE_TREATMENT_STEP_CONNECTING);
  self->stimulator = salve_stimulator_new ();
  {
    double ceiling = salve_treatment_get_ceiling (self);

    if (!isnan (ceiling))
      salve_stimulator_set_ceiling (self->stimulator, salve_modality_get_intensity_param (self->modality), ceiling);
  }

  port = connection (self);
  if (port != NULL && !self->simulated)
    {
      salve_stimulator_connect_async (self->stimulator, port, self->cancellable, on_connected, g_object_ref (self));
      return TRUE;
    }

  /* Stored, so it ends honestly: interrupted, the device never there,
   * and why: a practice stimulator that is not installed never lost a
   * connection. */
  if (!launch_simulator (self, &local_error))
    end_before_running (self,
                        g_error_matches (local_error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_NO_SIMULATOR)
                          ? SALVE_SESSION_REASON_NO_SIMULATOR : SALVE_SESSION_REASON_LINK_LOST,
                        local_error);

  return TRUE;
}

SalveSession *
salve_treatment_get_session (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), NULL);
  return self->session;
}

SalveSessionRunner *
salve_treatment_get_runner (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), NULL);
  return self->runner;
}

SalveStimulator *
salve_treatment_get_stimulator (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), NULL);
  return self->stimulator;
}

const GError *
salve_treatment_get_error (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), NULL);
  return self->error;
}

gboolean
salve_treatment_started_on_device (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), FALSE);
  return self->runner != NULL && salve_session_runner_has_started (self->runner);
}

static gboolean
check_running (SalveTreatment  *self,
               GError         **error)
{
  if (self->runner != NULL && self->step == SALVE_TREATMENT_STEP_RUNNING)
    return TRUE;

  g_set_error_literal (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_BAD_STEP,
                       _("The session is not running."));
  return FALSE;
}

gboolean
salve_treatment_pause (SalveTreatment  *self,
                       GError         **error)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), FALSE);
  return check_running (self, error) && salve_session_runner_pause (self->runner, error);
}

gboolean
salve_treatment_resume (SalveTreatment  *self,
                        GError         **error)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), FALSE);
  return check_running (self, error) && salve_session_runner_resume (self->runner, error);
}

gboolean
salve_treatment_intensity_up (SalveTreatment  *self,
                              GError         **error)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), FALSE);
  return check_running (self, error) && salve_session_runner_intensity_up (self->runner, error);
}

gboolean
salve_treatment_intensity_down (SalveTreatment  *self,
                                GError         **error)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), FALSE);
  return check_running (self, error) && salve_session_runner_intensity_down (self->runner, error);
}

/* Still connecting: nothing ran, but the session was planned and its
 * pain rating stored; a runner without a device closes it honestly. */
static void
take_over_connecting (SalveTreatment *self)
{
  g_cancellable_cancel (self->cancellable);
  if (self->runner == NULL)
    take_runner (self, salve_session_runner_new_manual (_salve_treatment_recorder_get_db (self->recorder),
                                                        self->session));
}

void
salve_treatment_stop (SalveTreatment *self)
{
  g_return_if_fail (SALVE_IS_TREATMENT (self));

  if (self->step == SALVE_TREATMENT_STEP_CONNECTING)
    take_over_connecting (self);

  if (self->runner != NULL)
    salve_session_runner_stop (self->runner);
}

void
salve_treatment_interrupt (SalveTreatment *self,
                           const char     *reason)
{
  g_return_if_fail (SALVE_IS_TREATMENT (self));
  g_return_if_fail (reason != NULL);

  if (self->step == SALVE_TREATMENT_STEP_CONNECTING)
    take_over_connecting (self);

  if (self->runner != NULL)
    salve_session_runner_interrupt (self->runner, reason);
}

static void
on_prepare_for_sleep (SalveSleepMonitor *monitor,
                      gboolean           sleeping,
                      SalveTreatment    *self)
{
  if (sleeping)
    salve_treatment_interrupt (self, SALVE_SESSION_REASON_SUSPEND);
}

void
salve_treatment_set_sleep_monitor (SalveTreatment    *self,
                                   SalveSleepMonitor *monitor)
{
  g_return_if_fail (SALVE_IS_TREATMENT (self));
  g_return_if_fail (monitor == NULL || SALVE_IS_SLEEP_MONITOR (monitor));

  if (self->sleep_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sleep_monitor, self);
      if (self->stimulator != NULL)
        salve_sleep_monitor_remove_stimulator (self->sleep_monitor, self->stimulator);
    }

  g_set_object (&self->sleep_monitor, monitor);
  if (monitor != NULL)
    g_signal_connect_object (monitor, "prepare-for-sleep", G_CALLBACK (on_prepare_for_sleep), self, 0);
}

/* After */

static gboolean
check_after (SalveTreatment  *self,
             GError         **error)
{
  if (self->session != NULL && self->step != SALVE_TREATMENT_STEP_CLOSED)
    return TRUE;

  g_set_error_literal (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_BAD_STEP,
                       self->session == NULL ? _("The session has not started.") : _("The session is closed."));
  return FALSE;
}

/* The pain after, the side effects and the skin check are a treatment's:
 * a session that never started on its device gave none to ask about. */
static gboolean
check_started (SalveTreatment  *self,
               GError         **error)
{
  if (salve_treatment_started_on_device (self))
    return TRUE;

  g_set_error_literal (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_NOT_STARTED,
                       _("The session did not start on its device: there is nothing to rate after it."));
  return FALSE;
}

gboolean
salve_treatment_set_pain_after (SalveTreatment  *self,
                                int              pain,
                                GError         **error)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), FALSE);

  if (!check_after (self, error) || !check_started (self, error) || !check_pain (pain, error))
    return FALSE;

  salve_session_set_pain_after (self->session, pain);
  return TRUE;
}

gboolean
salve_treatment_set_side_effects (SalveTreatment      *self,
                                  const char * const  *ids,
                                  GError             **error)
{
  const char * const *known;

  g_return_val_if_fail (SALVE_IS_TREATMENT (self), FALSE);

  if (!check_after (self, error) || !check_started (self, error))
    return FALSE;

  known = salve_side_effects_for_modality (self->modality);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    if (!g_strv_contains (known, ids[i]))
      {
        g_autofree char *list = g_strjoinv (", ", (char **) known);

        g_set_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_INVALID,
                     _("“%s” is not a side effect of %s (one of %s)."),
                     ids[i], salve_modality_get_name (self->modality), list);
        return FALSE;
      }

  salve_session_set_side_effects (self->session, ids);
  return TRUE;
}

gboolean
salve_treatment_set_skin_check (SalveTreatment  *self,
                                const char      *check,
                                GError         **error)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), FALSE);

  if (!check_after (self, error) || !check_started (self, error))
    return FALSE;

  if (check == NULL)
    check = "";
  if (*check != '\0' &&
      !g_str_equal (check, SALVE_SKIN_CHECK_NORMAL) &&
      !g_str_equal (check, SALVE_SKIN_CHECK_RED) &&
      !g_str_equal (check, SALVE_SKIN_CHECK_DAMAGED))
    {
      g_set_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_INVALID,
                   _("“%s” is not a skin check (normal, red or damaged)."), check);
      return FALSE;
    }

  salve_session_set_skin_check (self->session, check);
  return TRUE;
}

void
salve_treatment_set_note (SalveTreatment *self,
                          const char     *note)
{
  g_return_if_fail (SALVE_IS_TREATMENT (self));

  if (check_after (self, NULL))
    salve_session_set_note (self->session, note ? note : "");
}

gboolean
salve_treatment_wants_skin_check (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), FALSE);

  return salve_modality_is_electrical (self->modality) &&
         (self->answers.answers[SALVE_CONDITION_REDUCED_SENSATION] != SALVE_ANSWER_NO || self->numb_applies);
}

static void
release_device (SalveTreatment *self)
{
  g_clear_handle_id (&self->finish_id, g_source_remove);
  if (self->stimulator != NULL)
    salve_stimulator_disconnect (self->stimulator);
  if (self->sim != NULL)
    g_subprocess_force_exit (self->sim);
}

/* Broken skin into the checklist where the skin check found it; the
 * answer as stored now, not as it was at the start, decides. */
static gboolean
mark_damaged_skin (SalveTreatment  *self,
                   GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  SalveProfileAnswers stored;
  gint64 profile_id;
  gboolean mark = FALSE;
  SalveSite site = SALVE_N_SITES;

  if (!self->skin_to_mark)
    return TRUE;

  profile_id = salve_profile_get_id (self->profile);
  salve_profile_answers_init (&stored, SALVE_ANSWER_UNKNOWN);
  if (salve_condition_repo_load (self->db, profile_id, &stored, &local_error))
    mark = salve_profile_answers_mark_skin_damaged (&stored, salve_session_get_site (self->session), &site);
  if (local_error == NULL && mark)
    store_damaged_skin (self->db, profile_id, site, &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_SKIN_NOT_MARKED,
                   _("The session is stored, but the damaged skin is not in the checklist yet: %s. Until it is, "
                     "answer “Broken or irradiated skin” yourself."),
                   local_error->message);
      return FALSE;
    }

  self->skin_to_mark = FALSE;
  self->skin_marked = mark;
  self->skin_marked_site = site;
  return TRUE;
}

gboolean
salve_treatment_get_marked_skin (SalveTreatment *self,
                                 SalveSite      *site)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), FALSE);

  if (self->skin_marked && site != NULL)
    *site = self->skin_marked_site;
  return self->skin_marked;
}

gboolean
salve_treatment_close (SalveTreatment  *self,
                       GError         **error)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), FALSE);

  /* Closed already (Save pressed again while the database is busy): the
   * answers are queued once, and stay queued. Had the database refused
   * them (a full disk, a file made read-only), this is the person asking
   * again: they are tried again now, and the refusal holds only if the
   * database still refuses. */
  if (self->step == SALVE_TREATMENT_STEP_CLOSED)
    {
      if (self->recorder != NULL && _salve_treatment_recorder_get_warning (self->recorder) != NULL)
        _salve_treatment_recorder_flush (self->recorder, 0, NULL);
      return mark_damaged_skin (self, error);
    }

  if (self->step != SALVE_TREATMENT_STEP_AFTER)
    {
      g_set_error_literal (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_BAD_STEP,
                           _("The session has not ended yet."));
      return FALSE;
    }

  release_device (self);
  if (!_salve_treatment_recorder_close (self->recorder, self->session, error))
    return FALSE;

  /* Practice gives no current: nothing it found is the skin's. */
  self->skin_to_mark = self->profile != NULL && !self->simulated &&
                       g_strcmp0 (salve_session_get_skin_check (self->session), SALVE_SKIN_CHECK_DAMAGED) == 0;
  set_step (self, SALVE_TREATMENT_STEP_CLOSED);
  return mark_damaged_skin (self, error);
}

guint
salve_treatment_get_n_pending (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), 0);

  return self->recorder != NULL ? _salve_treatment_recorder_get_n_pending (self->recorder) : 0;
}

gboolean
salve_treatment_flush (SalveTreatment  *self,
                       guint            timeout_ms,
                       GError         **error)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), FALSE);

  return self->recorder == NULL || _salve_treatment_recorder_flush (self->recorder, timeout_ms, error);
}

const GError *
salve_treatment_get_storage_error (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), NULL);

  if (self->runner != NULL && salve_session_runner_get_storage_error (self->runner) != NULL)
    return salve_session_runner_get_storage_error (self->runner);

  return self->recorder != NULL ? _salve_treatment_recorder_get_warning (self->recorder) : NULL;
}

/* The object */

SalveTreatmentStep
salve_treatment_get_step (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), SALVE_TREATMENT_STEP_PLAN);
  return self->step;
}

SalveModality
salve_treatment_get_modality (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), SALVE_MODALITY_TENS);
  return self->modality;
}

SalveProfile *
salve_treatment_get_profile (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), NULL);
  return self->profile;
}

const SalveProfileAnswers *
salve_treatment_get_answers (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), NULL);
  return &self->answers;
}

const GError *
salve_treatment_get_inputs_error (SalveTreatment *self)
{
  g_return_val_if_fail (SALVE_IS_TREATMENT (self), NULL);
  return self->inputs_error;
}

static void
salve_treatment_dispose (GObject *object)
{
  SalveTreatment *self = (SalveTreatment *)object;

  self->disposing = TRUE;
  g_cancellable_cancel (self->cancellable);

  /* Going away with the session on: device off first, then the session
   * ends as interrupted. A session stored but never run ends too. */
  if (self->step == SALVE_TREATMENT_STEP_CONNECTING || self->step == SALVE_TREATMENT_STEP_RUNNING)
    salve_treatment_interrupt (self, SALVE_SESSION_REASON_APP_CLOSED);
  else if (self->recorder != NULL && self->session != NULL)
    _salve_treatment_recorder_abandon (self->recorder, self->session, SALVE_SESSION_REASON_APP_CLOSED);

  release_device (self);
  release_person (self);
  if (self->sleep_monitor != NULL)
    salve_treatment_set_sleep_monitor (self, NULL);
  g_clear_object (&self->runner);
  if (self->stimulator != NULL)
    g_clear_signal_handler (&self->status_id, self->stimulator);
  g_clear_object (&self->stimulator);
  g_clear_pointer (&self->output_note, g_free);
  g_clear_object (&self->sim_out);
  g_clear_object (&self->sim);

  G_OBJECT_CLASS (salve_treatment_parent_class)->dispose (object);
}

static void
salve_treatment_finalize (GObject *object)
{
  SalveTreatment *self = (SalveTreatment *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->recorder, _salve_treatment_recorder_free);
  g_clear_object (&self->db);
  g_clear_object (&self->profile);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->device, salve_device_free);
  g_clear_object (&self->preset);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_pointer (&self->acknowledgements, g_ptr_array_unref);
  g_clear_error (&self->inputs_error);
  g_clear_error (&self->error);
  g_clear_error (&self->stop_error);
  g_free (self->device_name);
  g_free (self->port);
  g_free (self->program_id);
  salve_plan_clear (&self->values);

  G_OBJECT_CLASS (salve_treatment_parent_class)->finalize (object);
}

static void
salve_treatment_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SalveTreatment *self = SALVE_TREATMENT (object);

  switch (prop_id)
    {
    case PROP_N_PENDING:
      g_value_set_uint (value, salve_treatment_get_n_pending (self));
      break;
    case PROP_CAN_START:
      g_value_set_boolean (value, salve_treatment_get_can_start (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_treatment_class_init (SalveTreatmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = salve_treatment_dispose;
  object_class->finalize = salve_treatment_finalize;
  object_class->get_property = salve_treatment_get_property;

  properties [PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_CAN_START] =
    g_param_spec_boolean ("can-start", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals [STEP] =
    g_signal_new ("step", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals [FINDINGS_CHANGED] =
    g_signal_new ("findings-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals [TICK] =
    g_signal_new ("tick", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals [POINT_CHANGED] =
    g_signal_new ("point-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals [FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
salve_treatment_init (SalveTreatment *self)
{
  self->cancellable = g_cancellable_new ();
  self->acknowledgements = g_ptr_array_new_with_free_func ((GDestroyNotify) acknowledgement_free);
  self->pain_before = SALVE_PAIN_UNSET;
}

SalveTreatment *
salve_treatment_new (SalveDb       *db,
                     SalveProfile  *profile,
                     SalveModality  modality)
{
  SalveTreatment *self;
  SalvePlan scratch;

  g_return_val_if_fail (db == NULL || SALVE_IS_DB (db), NULL);
  g_return_val_if_fail (profile == NULL || (SALVE_IS_PROFILE (profile) && db != NULL), NULL);
  g_return_val_if_fail (modality < SALVE_N_MODALITIES, NULL);

  self = g_object_new (SALVE_TYPE_TREATMENT, NULL);
  self->db = db != NULL && profile != NULL ? g_object_ref (db) : NULL;
  self->profile = profile != NULL ? g_object_ref (profile) : NULL;
  self->modality = modality;
  self->site = SALVE_N_SITES;
  salve_plan_init (&self->values, modality, SALVE_SITE_KNEE);

  /* Without a profile only what the caller says counts; with one, its
   * checklist (unanswered questions stay unknown). */
  salve_profile_answers_init (&self->answers, profile != NULL ? SALVE_ANSWER_UNKNOWN : SALVE_ANSWER_NO);
  salve_plan_init (&scratch, modality, SALVE_SITE_KNEE);
  salve_treatment_build_rules_inputs (self->db, self->profile, NULL, &scratch, &self->answers, &self->inputs_error);
  salve_plan_clear (&scratch);

  update_findings (self);

  return self;
}
