/* salvectl-session-run.c: salvectl session run — a headless session on a
 * stimulator (real, or salve-stim-sim)
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salvectl"

#include "config.h"

#include <math.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "salve-condition-repo.h"
#include "salve-profile-repo.h"
#include "salve-rules.h"
#include "salve-session-journal.h"
#include "salve-stimulator.h"
#include "salvectl-private.h"

#define STATUS_EVERY_MS  1000
#define STOP_WAIT_MS     150
/* How long the end of a session waits for a database another program
 * holds, unless --db-wait says otherwise. */
#define DB_WAIT_S        60

typedef enum
{
  END_NONE,
  END_COMPLETED,   /* the time was up */
  END_USER,        /* SIGINT */
  END_TERMINATED,  /* SIGTERM, SIGHUP */
  END_FAULT,
  END_LINK_LOST,
} EndReason;

typedef struct
{
  GMainLoop        *loop;
  SalveStimulator  *stim;
  SalveDb          *db;          /* NULL: not recorded */
  SalveSession     *session;
  SalveSessionJournal *journal;  /* the session's writes, with db */
  gboolean          told_busy;
  gboolean          told_refused;
  SalveModality     modality;
  SalvePlan        *plan;
  guint             program;
  double            goal;
  double            ramp_rate;
  gint64            total_ms;
  gint64            running_since_us;  /* 0 until the device runs */
  EndReason         end;
  char             *end_detail;
  guint             timeout_id;
  int               exit_code;
} Run;

static gint64
run_elapsed_ms (Run *run)
{
  if (run->running_since_us == 0)
    return 0;

  return (g_get_monotonic_time () - run->running_since_us) / 1000;
}

/* Says once that the record waits for the database, and once why the
 * database refused it. */
static void
tell_journal_state (Run *run)
{
  const GError *error = salve_session_journal_get_error (run->journal);

  if (error != NULL && !run->told_refused)
    {
      run->told_refused = TRUE;
      g_printerr ("salvectl: %s\n", error->message);
    }
  else if (error == NULL && !run->told_busy && salve_session_journal_get_n_pending (run->journal) > 0)
    {
      run->told_busy = TRUE;
      g_printerr (_("salvectl: the database is in use by another program; the session is recorded once it is free\n"));
    }
}

static void
record (Run                   *run,
        SalveSessionEventKind  kind,
        const char            *detail)
{
  if (run->journal == NULL)
    return;

  salve_session_journal_log (run->journal, kind, run_elapsed_ms (run), detail, "salvectl");
  tell_journal_state (run);
}

static char *
format_output (Run *run)
{
  GString *text = g_string_new (NULL);
  guint n = salve_stimulator_get_n_channels (run->stim);
  const char *unit = salve_param_get_unit (salve_stimulator_get_intensity_param (run->stim));

  for (guint i = 0; i < MAX (n, 1); i++)
    g_string_append_printf (text, "%s%.1f %s", i ? ", " : "", salve_stimulator_get_output (run->stim, i), unit);

  return g_string_free (text, FALSE);
}

static void
print_status (Run *run)
{
  g_autofree char *output = format_output (run);
  gint64 elapsed = run_elapsed_ms (run) / 1000;

  /* elapsed, output per channel, state */
  g_print (_("%02d:%02d  output %s  %s\n"), (int) (elapsed / 60), (int) (elapsed % 60), output,
           salve_stimulator_state_get_name (salve_stimulator_get_state (run->stim)));
}

static void
finish (Run        *run,
        EndReason   end,
        const char *detail)
{
  if (run->end != END_NONE)
    return;

  run->end = end;
  run->end_detail = g_strdup (detail);

  /* The device first (stop goes out at once), everything else after. */
  salve_stimulator_stop (run->stim);
  g_main_loop_quit (run->loop);
}

static gboolean
on_status_timer (gpointer user_data)
{
  Run *run = user_data;

  if (run->end != END_NONE)
    return G_SOURCE_CONTINUE;

  print_status (run);

  if (run->running_since_us != 0 && run_elapsed_ms (run) >= run->total_ms)
    finish (run, END_COMPLETED, NULL);

  return G_SOURCE_CONTINUE;
}

static void
on_state_changed (SalveStimulator *stim,
                  GParamSpec      *pspec,
                  Run             *run)
{
  SalveStimulatorState state = salve_stimulator_get_state (stim);
  const GError *error = salve_stimulator_get_last_error (stim);

  switch (state)
    {
    case SALVE_STIMULATOR_RUNNING:
      if (run->running_since_us == 0)
        {
          g_autoptr(GError) ramp_error = NULL;
          g_autofree char *detail = NULL;

          run->running_since_us = g_get_monotonic_time ();
          if (run->journal != NULL)
            salve_session_journal_mark_started (run->journal, NULL);
          record (run, SALVE_SESSION_EVENT_START, NULL);

          if (!salve_stimulator_ramp_to (stim, run->goal, &ramp_error))
            {
              g_printerr ("salvectl: %s\n", ramp_error->message);
              finish (run, END_FAULT, ramp_error->message);
              return;
            }
          detail = g_strdup_printf ("%g %s at %g %s/s", run->goal,
                                    salve_param_get_unit (salve_stimulator_get_intensity_param (stim)),
                                    salve_stimulator_get_ramp_rate (stim),
                                    salve_param_get_unit (salve_stimulator_get_intensity_param (stim)));
          record (run, SALVE_SESSION_EVENT_RAMP, detail);
          g_print (_("Started; ramping to %s.\n"), detail);
        }
      break;

    case SALVE_STIMULATOR_FAULT:
      g_printerr (_("salvectl: the stimulator stopped: %s\n"), error ? error->message : "?");
      record (run, SALVE_SESSION_EVENT_FAULT, error ? error->message : NULL);
      finish (run, END_FAULT, error ? error->message : NULL);
      break;

    case SALVE_STIMULATOR_LINK_LOST:
      g_printerr (_("salvectl: lost the stimulator: %s\n"), error ? error->message : "?");
      record (run, SALVE_SESSION_EVENT_LINK_LOST, error ? error->message : NULL);
      finish (run, END_LINK_LOST, error ? error->message : NULL);
      break;

    case SALVE_STIMULATOR_STOPPED:
      /* Only ever after our own stop: finish() has run. */
      break;

    case SALVE_STIMULATOR_IDLE:
    case SALVE_STIMULATOR_CONNECTING:
    case SALVE_STIMULATOR_READY:
    case SALVE_STIMULATOR_PAUSED:
    default:
      break;
    }
}

static gboolean
on_sigint (gpointer user_data)
{
  Run *run = user_data;

  g_printerr (_("salvectl: interrupted; stopping the stimulator\n"));
  finish (run, END_USER, NULL);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_sigterm (gpointer user_data)
{
  Run *run = user_data;

  finish (run, END_TERMINATED, NULL);
  return G_SOURCE_CONTINUE;
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *channels = NULL;
  const SalveDeviceInfo *info;

  if (!salve_stimulator_connect_finish (run->stim, result, &error))
    {
      g_printerr ("salvectl: %s\n", error->message);
      run->exit_code = SALVECTL_EXIT_RUNTIME;
      g_main_loop_quit (run->loop);
      return;
    }

  info = salve_stimulator_get_info (run->stim);
  channels = g_strdup_printf (ngettext ("%u channel", "%u channels", info->channels), info->channels);
  g_print (_("Connected to %s (firmware %s) on %s via %s: %s, %s.\n"),
           info->model, info->firmware, salve_stimulator_get_port (run->stim),
           salve_stimulator_get_transport_kind (run->stim),
           salve_modality_get_name (info->modality), channels);

  if (info->modality != run->modality)
    {
      g_printerr (_("salvectl: the device is a %s stimulator, not %s\n"),
                  salve_modality_get_name (info->modality), salve_modality_get_name (run->modality));
      run->exit_code = SALVECTL_EXIT_USAGE;
      g_main_loop_quit (run->loop);
      return;
    }

  if (run->ramp_rate > 0)
    salve_stimulator_set_ramp_rate (run->stim, run->ramp_rate);

  /* Every value is checked by the driver before anything is sent. */
  if (!salve_stimulator_check_value (run->stim, salve_stimulator_get_intensity_param (run->stim), run->goal, &error) ||
      !salve_stimulator_set_program (run->stim, run->program, run->plan, &error) ||
      !salve_stimulator_start (run->stim, &error))
    {
      g_printerr ("salvectl: %s\n", error->message);
      run->exit_code = SALVECTL_EXIT_BLOCKED;
      g_main_loop_quit (run->loop);
      return;
    }

  if (run->db != NULL)
    {
      /* Stored at once, or once the database is free: the session's
       * writes queue behind it, in order. */
      salve_session_set_device_name (run->session, info->model);
      run->journal = salve_session_journal_new (run->db, run->session);
      salve_session_journal_create (run->journal);
      tell_journal_state (run);
      if (salve_session_journal_get_error (run->journal) != NULL)
        {
          salve_stimulator_stop (run->stim);
          run->exit_code = SALVECTL_EXIT_RUNTIME;
          g_main_loop_quit (run->loop);
          return;
        }
    }

  run->timeout_id = g_timeout_add (STATUS_EVERY_MS, on_status_timer, run);
}

static gboolean
on_stop_wait (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static void
print_findings (GPtrArray *findings)
{
  for (guint i = 0; i < findings->len; i++)
    {
      SalveFinding *finding = g_ptr_array_index (findings, i);

      g_printerr ("%s: %s (%s)\n",
                  finding->severity == SALVE_SEVERITY_BLOCK ? _("blocked") : _("caution"),
                  finding->reason, finding->source);
    }
}

int
salvectl_session_run (Salvectl  *ctl,
                      int        argc,
                      char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— run a session on a stimulator"));
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(SalveStimulator) stim = NULL;
  g_autoptr(SalveSession) session = NULL;
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *modality_id = NULL;
  g_autofree char *site_id = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *ramp_text = NULL;
  g_autofree char *pain_before_text = NULL;
  g_autofree char *pain_after_text = NULL;
  g_autofree char *program_text = NULL;
  g_autofree char *db_wait_text = NULL;
  char *param_values[SALVE_N_PARAMS] = { NULL };
  GOptionEntry entries[SALVE_N_PARAMS + 11 + 1];
  int pain_before = SALVE_PAIN_UNSET, pain_after = SALVE_PAIN_UNSET;
  gint64 program = 0;
  SalveProfileAnswers answers;
  SalveModality modality;
  SalveSite site;
  SalveParam intensity_param;
  SalvePlan plan;
  double minutes, goal, ceiling;
  guint sigint_id, sigterm_id, sighup_id;
  guint db_wait_s = DB_WAIT_S;
  Run run = { 0 };
  guint n = 0;
  int ret = SALVECTL_EXIT_USAGE;

  entries[n++] = (GOptionEntry) { "port", 0, 0, G_OPTION_ARG_FILENAME, &port, N_("The stimulator’s serial port or pseudo-terminal"), N_("PATH") };
  entries[n++] = (GOptionEntry) { "modality", 0, 0, G_OPTION_ARG_STRING, &modality_id, N_("tens, nmes, laser or pemf"), N_("MODALITY") };
  entries[n++] = (GOptionEntry) { "site", 0, 0, G_OPTION_ARG_STRING, &site_id, N_("Where the treatment goes, e.g. lower-back"), N_("SITE") };
  entries[n++] = (GOptionEntry) { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name, N_("Check this profile’s answers and record the session for it"), N_("NAME") };
  entries[n++] = (GOptionEntry) { "pain-before", 0, 0, G_OPTION_ARG_STRING, &pain_before_text, N_("Pain before the session, 0–10"), N_("N") };
  entries[n++] = (GOptionEntry) { "pain-after", 0, 0, G_OPTION_ARG_STRING, &pain_after_text, N_("Pain after the session, 0–10"), N_("N") };
  entries[n++] = (GOptionEntry) { "program", 0, 0, G_OPTION_ARG_STRING, &program_text, N_("The device’s program number"), N_("N") };
  entries[n++] = (GOptionEntry) { "db-wait", 0, 0, G_OPTION_ARG_STRING, &db_wait_text, N_("How long to wait at the end for a database another program holds, in seconds (default 60)"), N_("SECONDS") };
  entries[n++] = (GOptionEntry) { "ramp-rate", 0, 0, G_OPTION_ARG_STRING, &ramp_text, N_("How fast the intensity rises, per second (the driver’s bounds apply)"), N_("X") };
  for (guint p = 0; p < SALVE_N_PARAMS; p++)
    entries[n++] = (GOptionEntry) { salve_param_to_id (p), 0, 0, G_OPTION_ARG_STRING, &param_values[p],
                                    salve_param_get_name (p), salve_param_get_unit (p) };
  entries[n] = (GOptionEntry) { NULL };
  g_assert (n < G_N_ELEMENTS (entries));

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _("Checks the contraindications first (a block exits with 4), connects, ramps to the intensity, "
                                  "prints the status every second and stops the stimulator at the end, on Ctrl+C, "
                                  "on SIGTERM and on any fault.\n"
                                  "Exit status: 0 completed, 3 stopped early, 4 blocked, 1 fault, lost connection or a session "
                                  "whose end could not be stored, 2 usage error."));
  /* Every usage error goes out through "out": the option strings are
   * freed there. */
  if (!salvectl_parse_options (context, &argc, &argv))
    goto out;

  if (argc != 1)
    {
      salvectl_usage_error (_("session run takes no arguments besides its options"));
      goto out;
    }
  if (port == NULL)
    {
      salvectl_usage_error (_("session run needs --port PATH"));
      goto out;
    }
  if (modality_id == NULL || !salve_modality_from_id (modality_id, &modality))
    {
      g_autofree char *ids = salve_modality_list_ids ();
      salvectl_usage_error (_("session run needs --modality (%s)"), ids);
      goto out;
    }
  if (site_id == NULL || !salve_site_from_id (site_id, &site))
    {
      g_autofree char *ids = salve_site_list_ids ();
      salvectl_usage_error (_("session run needs --site (%s)"), ids);
      goto out;
    }
  if ((pain_before_text != NULL && !salvectl_parse_rating ("--pain-before", pain_before_text, &pain_before)) ||
      (pain_after_text != NULL && !salvectl_parse_rating ("--pain-after", pain_after_text, &pain_after)) ||
      (program_text != NULL && !salvectl_parse_int ("--program", program_text, 1, SALVECTL_MAX_PROGRAM, &program)))
    goto out;

  salve_plan_init (&plan, modality, site);
  if (!salvectl_plan_set_params (&plan, param_values))
    goto out_plan;

  intensity_param = salve_modality_get_intensity_param (modality);
  if (!salve_plan_get (&plan, SALVE_PARAM_MINUTES, &minutes) || !(minutes > 0))
    {
      salvectl_usage_error (_("session run needs --minutes (more than 0; decimals allowed)"));
      goto out_plan;
    }
  if (!salve_plan_get (&plan, intensity_param, &goal))
    {
      salvectl_usage_error (_("session run needs --%s"), salve_param_to_id (intensity_param));
      goto out_plan;
    }
  if (ramp_text != NULL &&
      !salvectl_parse_double ("--ramp-rate", ramp_text, SALVECTL_MIN_RAMP_RATE, SALVECTL_MAX_RAMP_RATE, &run.ramp_rate))
    goto out_plan;
  if (db_wait_text != NULL)
    {
      gint64 seconds;

      if (!salvectl_parse_int ("--db-wait", db_wait_text, 1, 24 * 3600, &seconds))
        goto out_plan;
      db_wait_s = (guint) seconds;
    }

  /* The same contraindication check as `salvectl check` and the app. */
  salve_profile_answers_init (&answers, SALVE_ANSWER_NO);
  if (profile_name != NULL)
    {
      profile = salvectl_load_profile_answers (ctl, profile_name, &plan, &answers);
      if (profile == NULL)
        {
          ret = SALVECTL_EXIT_RUNTIME;
          goto out_plan;
        }
      run.db = salvectl_get_db (ctl);
    }

  findings = salve_rules_check (&plan, &answers);
  print_findings (findings);
  if (salve_findings_get_verdict (findings) == SALVE_VERDICT_BLOCKED)
    {
      g_printerr (_("salvectl: this session is blocked; nothing was sent to the stimulator\n"));
      ret = SALVECTL_EXIT_BLOCKED;
      goto out_plan;
    }

  stim = salve_stimulator_new ();
  ceiling = salve_profile_answers_get_ceiling_ma (&answers);
  if (!isnan (ceiling))
    salve_stimulator_set_ceiling (stim, SALVE_PARAM_INTENSITY_MA, ceiling);

  if (profile != NULL)
    {
      session = salve_session_new (modality, site);
      salve_session_set_profile_id (session, salve_profile_get_id (profile));
      salve_session_set_planned_minutes (session, minutes);
      salve_session_set_pain_before (session, pain_before);
      if (program > 0)
        {
          g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, program);
          salve_session_set_program (session, text);
        }
      for (guint p = 0; p < SALVE_N_PARAMS; p++)
        {
          double value;

          if (p != SALVE_PARAM_MINUTES && salve_plan_get (&plan, p, &value))
            salve_session_set_param (session, salve_param_to_id (p), value);
        }
    }
  else
    run.db = NULL;

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.stim = stim;
  run.session = session;
  run.modality = modality;
  run.plan = &plan;
  run.program = (guint) program;
  run.goal = goal;
  /* The rules blocked anything above the catalogue's limit already. */
  run.total_ms = (gint64) llround (MIN (minutes, SALVE_MAX_SESSION_MINUTES) * 60000.0);
  run.exit_code = -1;

  g_signal_connect (stim, "notify::state", G_CALLBACK (on_state_changed), &run);
  sigint_id = g_unix_signal_add (SIGINT, on_sigint, &run);
  sigterm_id = g_unix_signal_add (SIGTERM, on_sigterm, &run);
  sighup_id = g_unix_signal_add (SIGHUP, on_sigterm, &run);

  salve_stimulator_connect_async (stim, port, NULL, on_connected, &run);
  g_main_loop_run (loop);

  /* Give the stop a moment to be confirmed, then go, stopped or not: the
   * device's own timer covers the rest. */
  if (salve_stimulator_get_state (stim) == SALVE_STIMULATOR_RUNNING ||
      salve_stimulator_get_state (stim) == SALVE_STIMULATOR_PAUSED)
    salve_stimulator_stop (stim);
  if (run.end != END_NONE && run.end != END_LINK_LOST)
    {
      guint id = g_timeout_add (STOP_WAIT_MS, on_stop_wait, loop);

      g_main_loop_run (loop);
      g_source_remove (id);
    }
  g_clear_handle_id (&run.timeout_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (stim, &run);
  if (run.end != END_NONE)
    print_status (&run);
  salve_stimulator_disconnect (stim);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_source_remove (sighup_id);

  if (run.end != END_NONE)
    {
      SalveSessionOutcome outcome = SALVE_SESSION_OUTCOME_INTERRUPTED;
      const char *reason = "";
      const char *said = NULL;

      switch (run.end)
        {
        case END_COMPLETED:
          outcome = SALVE_SESSION_OUTCOME_COMPLETED;
          said = _("Session completed.\n");
          ret = SALVECTL_EXIT_OK;
          break;
        case END_USER:
          outcome = SALVE_SESSION_OUTCOME_STOPPED;
          reason = SALVE_SESSION_REASON_USER;
          said = _("Session stopped.\n");
          ret = SALVECTL_EXIT_CAUTION;
          break;
        case END_TERMINATED:
          reason = SALVE_SESSION_REASON_APP_CLOSED;
          ret = SALVECTL_EXIT_CAUTION;
          break;
        case END_FAULT:
          reason = SALVE_SESSION_REASON_FAULT;
          ret = SALVECTL_EXIT_RUNTIME;
          break;
        case END_LINK_LOST:
          reason = SALVE_SESSION_REASON_LINK_LOST;
          ret = SALVECTL_EXIT_RUNTIME;
          break;
        case END_NONE:
        default:
          g_assert_not_reached ();
        }

      if (run.journal == NULL)
        {
          if (said != NULL)
            g_print ("%s", said);
        }
      else
        {
          g_autoptr(GError) db_error = NULL;

          run.running_since_us = run.running_since_us ? run.running_since_us : g_get_monotonic_time ();
          salve_session_journal_log (run.journal, SALVE_SESSION_EVENT_STOP, run_elapsed_ms (&run),
                                     run.end_detail ? run.end_detail : reason, "salvectl");
          salve_session_journal_finish (run.journal, outcome, reason, NULL);
          if (pain_after != SALVE_PAIN_UNSET)
            {
              salve_session_set_pain_after (session, pain_after);
              salve_session_journal_update_after (run.journal);
            }

          /* Nothing is said to be done before its end is stored. */
          if (salve_session_journal_get_n_pending (run.journal) > 0 &&
              salve_session_journal_get_error (run.journal) == NULL)
            g_printerr (g_dngettext (GETTEXT_PACKAGE,
                                     "salvectl: the database is in use by another program; waiting up to %u second to store the session\n",
                                     "salvectl: the database is in use by another program; waiting up to %u seconds to store the session\n",
                                     db_wait_s),
                        db_wait_s);

          if (!salve_session_journal_flush (run.journal, db_wait_s * 1000, &db_error))
            {
              g_printerr (_("salvectl: the session ended, but its end was not stored: %s\n"), db_error->message);
              ret = SALVECTL_EXIT_RUNTIME;
            }
          else
            {
              g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT, salve_session_get_id (session));

              if (said != NULL)
                g_print ("%s", said);
              g_print (_("Recorded as session %s.\n"), id_text);
            }
        }
    }
  else
    ret = run.exit_code >= 0 ? run.exit_code : SALVECTL_EXIT_RUNTIME;

  g_free (run.end_detail);
  g_clear_object (&run.journal);

out_plan:
  salve_plan_clear (&plan);
out:
  for (guint p = 0; p < SALVE_N_PARAMS; p++)
    g_free (param_values[p]);
  return ret;
}
