/* salvectl-session-run.c: salvectl session run — a headless session on a
 * stimulator (real, or salve-stim-sim) or a manual device, driven through
 * SalveTreatment like the app's
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salvectl"

#include "config.h"

#include <math.h>

#include <glib-unix.h>
#include <glib/gi18n.h>

#include "salve-device-repo.h"
#include "salve-treatment.h"
#include "salvectl-private.h"

#define STATUS_EVERY_MS  200
/* How long the end of a session waits for a database another program
 * holds, unless --db-wait says otherwise. */
#define DB_WAIT_S        60

/* What the view keeps while the treatment runs: nothing of the session
 * itself, only how to print it. */
typedef struct
{
  SalveTreatment *treatment;
  GMainLoop      *loop;
  guint           status_id;
  gint64          printed_second;   /* of the last status line; the first is 00:01 */
  gboolean        told_busy;
  gboolean        told_refused;
} View;

/* Says once that the record waits for the database, and once why the
 * database refused it. */
static void
tell_storage_state (View *view)
{
  const GError *error = salve_treatment_get_storage_error (view->treatment);

  if (error != NULL && !view->told_refused)
    {
      view->told_refused = TRUE;
      g_printerr ("salvectl: %s\n", error->message);
    }
  else if (error == NULL && !view->told_busy && salve_treatment_get_n_pending (view->treatment) > 0)
    {
      view->told_busy = TRUE;
      g_printerr (_("salvectl: the database is in use by another program; the session is recorded once it is free\n"));
    }
}

static char *
format_value (double      value,
              const char *unit)
{
  return g_strdup_printf ("%.1f %s", value, unit);
}

static char *
format_output (View *view)
{
  SalveStimulator *stim = salve_treatment_get_stimulator (view->treatment);
  SalveSessionRunner *runner = salve_treatment_get_runner (view->treatment);
  SalveParam param = salve_modality_get_intensity_param (salve_treatment_get_modality (view->treatment));
  GString *text;
  guint n;

  if (stim == NULL || salve_stimulator_get_info (stim) == NULL)
    return format_value (runner ? salve_session_runner_get_output (runner) : 0, salve_param_get_unit (param));

  text = g_string_new (NULL);
  n = salve_stimulator_get_n_channels (stim);
  for (guint i = 0; i < MAX (n, 1); i++)
    g_string_append_printf (text, "%s%.1f %s", i ? ", " : "", salve_stimulator_get_output (stim, i),
                            salve_param_get_unit (param));

  return g_string_free (text, FALSE);
}

static void
print_status (View *view)
{
  SalveSessionRunner *runner = salve_treatment_get_runner (view->treatment);
  SalveStimulator *stim = salve_treatment_get_stimulator (view->treatment);
  g_autofree char *output = NULL;
  gint64 elapsed;
  const char *state;

  if (runner == NULL)
    return;
  /* A device that never answered told nothing, and one whose link went
   * tells nothing more: its output is not 0.0, whatever the driver
   * assumed. */
  if (stim != NULL && (salve_stimulator_get_info (stim) == NULL ||
                       salve_stimulator_get_state (stim) == SALVE_STIMULATOR_LINK_LOST))
    return;

  /* A line for each second of running time as it comes: the timer's
   * own beat drifts against it, and a line a second by that skipped one
   * now and then (00:01, then 00:03). */
  elapsed = salve_session_runner_get_elapsed_ms (runner) / 1000;
  if (elapsed == view->printed_second)
    return;
  view->printed_second = elapsed;
  output = format_output (view);
  if (stim != NULL)
    state = salve_stimulator_state_get_name (salve_stimulator_get_state (stim));
  else
    state = salve_session_outcome_get_name (salve_session_get_outcome (salve_treatment_get_session (view->treatment)));

  /* elapsed, output per channel, state */
  g_print (_("%02d:%02d  output %s  %s\n"), (int) (elapsed / 60), (int) (elapsed % 60), output, state);
}

static gboolean
on_status_timer (gpointer user_data)
{
  View *view = user_data;

  if (salve_treatment_get_step (view->treatment) == SALVE_TREATMENT_STEP_RUNNING)
    print_status (view);
  tell_storage_state (view);

  return G_SOURCE_CONTINUE;
}

static void
print_point (View  *view,
             guint  point)
{
  SalveSessionRunner *runner = salve_treatment_get_runner (view->treatment);
  double seconds = salve_session_runner_get_seconds_per_point (runner);
  char time[G_ASCII_DTOSTR_BUF_SIZE];

  /* Whole seconds as such, a shorter time to the tenth: never "0 s". */
  if (seconds == round (seconds))
    g_snprintf (time, sizeof time, "%.0f", seconds);
  else
    g_snprintf (time, sizeof time, "%.1f", seconds);

  /* Translators: "Point 2 of 4: 5 s." (the time at this point) */
  g_print (_("Point %u of %u: %s s.\n"), point, salve_session_runner_get_n_points (runner), time);
}

static void
on_point_changed (SalveTreatment *treatment,
                  guint           point,
                  View           *view)
{
  if (point > 1)
    print_point (view, point);
}

static void
on_started (View *view)
{
  SalveTreatment *treatment = view->treatment;
  SalveSessionRunner *runner = salve_treatment_get_runner (treatment);
  SalveStimulator *stim = salve_treatment_get_stimulator (treatment);
  SalveParam param = salve_modality_get_intensity_param (salve_treatment_get_modality (treatment));
  g_autofree char *goal = format_value (salve_session_runner_get_intensity_goal (runner), salve_param_get_unit (param));

  if (stim != NULL)
    {
      const SalveDeviceInfo *info = salve_stimulator_get_info (stim);
      g_autofree char *channels = g_strdup_printf (ngettext ("%u channel", "%u channels", info->channels), info->channels);
      g_autofree char *rate = format_value (salve_stimulator_get_ramp_rate (stim), salve_param_get_unit (param));

      g_print (_("Connected to %s (firmware %s) on %s via %s: %s, %s.\n"),
               info->model, info->firmware, salve_stimulator_get_port (stim),
               salve_stimulator_get_transport_kind (stim),
               salve_modality_get_name (info->modality), channels);
      /* Said as the program and START go out, before the device answers
       * them: a refusal of either follows as an error. */
      /* Translators: "Starting; ramping to 2.0 mA at 5.0 mA/s." */
      g_print (_("Starting; ramping to %s at %s/s.\n"), goal, rate);
    }
  else
    {
      gint64 total = salve_session_runner_get_total_ms (runner);

      /* A manual device: Salve keeps the time, the person sets it. */
      g_print (_("Started on a manual device: set it to %s now; Salve keeps the time (%.0f s).\n"),
               goal, total / 1000.0);
    }

  if (salve_session_runner_get_n_points (runner) > 0)
    print_point (view, 1);
}

static void
on_step (SalveTreatment     *treatment,
         SalveTreatmentStep  step,
         View               *view)
{
  switch (step)
    {
    case SALVE_TREATMENT_STEP_CONNECTING:
      g_print (_("Connecting…\n"));
      break;

    case SALVE_TREATMENT_STEP_RUNNING:
      on_started (view);
      tell_storage_state (view);
      break;

    case SALVE_TREATMENT_STEP_AFTER:
      print_status (view);
      tell_storage_state (view);
      g_main_loop_quit (view->loop);
      break;

    case SALVE_TREATMENT_STEP_PLAN:
    case SALVE_TREATMENT_STEP_CLOSED:
    default:
      break;
    }
}

static gboolean
on_sigint (gpointer user_data)
{
  View *view = user_data;

  g_printerr (_("salvectl: interrupted; stopping the stimulator\n"));
  salve_treatment_stop (view->treatment);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_sigterm (gpointer user_data)
{
  View *view = user_data;

  salve_treatment_interrupt (view->treatment, SALVE_SESSION_REASON_APP_CLOSED);
  return G_SOURCE_CONTINUE;
}

static void
print_findings (GPtrArray *findings)
{
  for (guint i = 0; i < findings->len; i++)
    {
      SalveFinding *finding = g_ptr_array_index (findings, i);

      /* The rule id is what --acknowledge takes. */
      g_printerr ("%s %s: %s (%s)\n",
                  finding->severity == SALVE_SEVERITY_BLOCK ? _("blocked") : _("caution"),
                  finding->rule_id, finding->reason, finding->source);
    }
}

/* Each --acknowledge ID (or "all"), by @by. Returns the exit code to
 * stop with, or -1 to go on. */
static int
acknowledge (SalveTreatment  *treatment,
             char           **ids,
             const char      *by)
{
  GPtrArray *findings = salve_treatment_get_findings (treatment);
  guint missing = 0;

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (g_str_equal (ids[i], "all"))
        salve_treatment_acknowledge_all (treatment, by);
      else if (!salve_treatment_acknowledge (treatment, ids[i], by, &error))
        return salvectl_usage_error ("%s", error->message);
    }

  for (guint i = 0; i < findings->len; i++)
    {
      SalveFinding *finding = g_ptr_array_index (findings, i);

      if (finding->severity == SALVE_SEVERITY_CAUTION && !salve_treatment_is_acknowledged (treatment, finding->rule_id))
        missing++;
    }

  if (missing == 0)
    return -1;

  g_printerr (ngettext ("salvectl: %u caution is not acknowledged; nothing was sent to the stimulator.\n",
                        "salvectl: %u cautions are not acknowledged; nothing was sent to the stimulator.\n",
                        missing), missing);
  g_printerr (_("Read them, then give --acknowledge ID for each (or --acknowledge all).\n"));
  return SALVECTL_EXIT_CAUTION;
}

static void
print_energy (SalveTreatment *treatment)
{
  double power_mw = 0;
  gint64 planned_ms = salve_treatment_get_planned_ms (treatment);
  double planned_j;

  if (salve_treatment_get_output_note (treatment) != NULL)
    g_printerr (_("note: %s\n"), salve_treatment_get_output_note (treatment));

  if (salve_treatment_get_modality (treatment) != SALVE_MODALITY_LASER)
    return;

  /* Translators: "Energy given: 1.0 J." */
  g_print (_("Energy given: %.1f J.\n"), salve_treatment_get_energy_j (treatment));

  /* A device's ramp to the power takes part of the time: said when what
   * it reported falls short of the plan by a tenth or more. */
  if (salve_treatment_get_param (treatment, SALVE_PARAM_POWER_MW, &power_mw) && planned_ms > 0)
    {
      planned_j = power_mw / 1000.0 * planned_ms / 1000.0;
      if (salve_treatment_get_energy_j (treatment) < planned_j * 0.9)
        g_printerr (_("note: the device reported %.1f J of the %.1f J planned (its output as it reported it, the rise to the power included).\n"),
                    salve_treatment_get_energy_j (treatment), planned_j);
    }
}

/* The exit code for how the session ended; what went wrong is said at
 * once, "completed" or "stopped" goes in @said, to be said once the end
 * is stored. */
static int
report_end (SalveTreatment  *treatment,
            const char      *port,
            const char     **said)
{
  SalveSession *session = salve_treatment_get_session (treatment);
  const GError *error = salve_treatment_get_error (treatment);
  SalveStimulator *stim = salve_treatment_get_stimulator (treatment);
  const GError *device_error = stim != NULL ? salve_stimulator_get_last_error (stim) : NULL;
  const char *reason = salve_session_get_outcome_reason (session);
  /* The terminal says what the record says: the device's last error may
   * be a later one, met while its stop was awaited. */
  const char *cause = salve_session_get_ending_cause (session);

  switch (salve_session_get_outcome (session))
    {
    case SALVE_SESSION_OUTCOME_COMPLETED:
      print_energy (treatment);
      *said = _("Session completed.\n");
      return SALVECTL_EXIT_OK;

    case SALVE_SESSION_OUTCOME_STOPPED:
      print_energy (treatment);
      *said = _("Session stopped.\n");
      return SALVECTL_EXIT_CAUTION;

    case SALVE_SESSION_OUTCOME_INTERRUPTED:
    case SALVE_SESSION_OUTCOME_PLANNED:
    case SALVE_SESSION_OUTCOME_RUNNING:
    case SALVE_N_SESSION_OUTCOMES:
    default:
      break;
    }

  if (error != NULL && g_strcmp0 (reason, SALVE_SESSION_REASON_LINK_LOST) == 0 &&
      salve_session_runner_get_elapsed_ms (salve_treatment_get_runner (treatment)) == 0)
    g_printerr (_("salvectl: could not connect to the stimulator on %s: %s\n"), port ? port : "?", error->message);
  else if (error != NULL)
    g_printerr ("salvectl: %s\n", error->message);
  else if ((cause != NULL || device_error != NULL) && g_strcmp0 (reason, SALVE_SESSION_REASON_FAULT) == 0)
    /* What the device did, e.g. "The device reports 60.0 mA on channel 1, …" */
    g_printerr (_("salvectl: the stimulator stopped: %s\n"), cause != NULL ? cause : device_error->message);
  else if ((cause != NULL || device_error != NULL) && g_strcmp0 (reason, SALVE_SESSION_REASON_LINK_LOST) == 0)
    g_printerr (_("salvectl: lost the stimulator: %s\n"), cause != NULL ? cause : device_error->message);
  else
    /* Translators: %s is a reason, e.g. "the connection to the device was lost" */
    g_printerr (_("salvectl: the session was interrupted: %s\n"), salve_session_reason_get_name (reason));

  if (error != NULL && g_error_matches (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_WRONG_DEVICE))
    return SALVECTL_EXIT_USAGE;
  /* A value the device cannot take, outside its range or a setting it
   * does not have (its INFO lists none), is refused before it is sent. */
  if (error != NULL && (g_error_matches (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_OUT_OF_RANGE) ||
                        g_error_matches (error, SALVE_STIMULATOR_ERROR, SALVE_STIMULATOR_ERROR_UNSUPPORTED)))
    return SALVECTL_EXIT_BLOCKED;
  if (g_strcmp0 (reason, SALVE_SESSION_REASON_APP_CLOSED) == 0)
    return SALVECTL_EXIT_CAUTION;

  return SALVECTL_EXIT_RUNTIME;
}

int
salvectl_session_run (Salvectl  *ctl,
                      int        argc,
                      char     **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— run a session on a stimulator or a manual device"));
  g_autoptr(SalveTreatment) treatment = NULL;
  g_autoptr(SalveDevice) device = NULL;
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *modality_id = NULL;
  g_autofree char *site_id = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *ramp_text = NULL;
  g_autofree char *device_name = NULL;
  g_autofree char *by = NULL;
  g_autofree char *skin_ok = NULL;
  g_autofree char *note = NULL;
  g_autofree char *pain_before_text = NULL;
  g_autofree char *pain_after_text = NULL;
  g_autofree char *program_text = NULL;
  g_autofree char *db_wait_text = NULL;
  g_auto(GStrv) acknowledged = NULL;
  g_auto(GStrv) side_effects = NULL;
  char *param_values[SALVE_N_PARAMS] = { NULL };
  GOptionEntry entries[SALVE_N_PARAMS + 18 + 1];
  int pain_before = SALVE_PAIN_UNSET, pain_after = SALVE_PAIN_UNSET;
  gint64 program = 0;
  guint db_wait_s = DB_WAIT_S;
  const char *said = NULL;
  gboolean simulator = FALSE;
  gboolean skin_refused = FALSE;
  double ramp_rate = 0;
  double goal;
  SalveModality modality;
  SalveSite site;
  SalveParam intensity_param;
  SalvePlan plan;
  SalveDb *db = NULL;
  guint sigint_id, sigterm_id, sighup_id;
  View view = { .printed_second = 0 };
  guint n = 0;
  int ret = SALVECTL_EXIT_USAGE;

  entries[n++] = (GOptionEntry) { "port", 0, 0, G_OPTION_ARG_FILENAME, &port, N_("The stimulator’s serial port or pseudo-terminal"), N_("PATH") };
  entries[n++] = (GOptionEntry) { "simulator", 0, 0, G_OPTION_ARG_NONE, &simulator, N_("Run on the simulated stimulator (salve-stim-sim), started for this session"), NULL };
  entries[n++] = (GOptionEntry) { "device", 0, 0, G_OPTION_ARG_STRING, &device_name, N_("A registered device: its limits, connection and model"), N_("NAME") };
  entries[n++] = (GOptionEntry) { "modality", 0, 0, G_OPTION_ARG_STRING, &modality_id, N_("tens, nmes, laser or pemf"), N_("MODALITY") };
  entries[n++] = (GOptionEntry) { "site", 0, 0, G_OPTION_ARG_STRING, &site_id, N_("Where the treatment goes, e.g. lower-back"), N_("SITE") };
  entries[n++] = (GOptionEntry) { "profile", 0, 0, G_OPTION_ARG_STRING, &profile_name, N_("Check this profile’s answers and record the session for it"), N_("NAME") };
  entries[n++] = (GOptionEntry) { "acknowledge", 0, 0, G_OPTION_ARG_STRING_ARRAY, &acknowledged, N_("Acknowledge this caution (its id; repeat, or “all”)"), N_("ID") };
  entries[n++] = (GOptionEntry) { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("Who acknowledges the cautions (default: the account’s name)"), N_("NAME") };
  entries[n++] = (GOptionEntry) { "pain-before", 0, 0, G_OPTION_ARG_STRING, &pain_before_text, N_("Pain before the session, 0–10"), N_("N") };
  entries[n++] = (GOptionEntry) { "pain-after", 0, 0, G_OPTION_ARG_STRING, &pain_after_text, N_("Pain after the session, 0–10"), N_("N") };
  entries[n++] = (GOptionEntry) { "side-effect", 0, 0, G_OPTION_ARG_STRING_ARRAY, &side_effects, N_("A side effect after the session (repeat for more)"), N_("ID") };
  entries[n++] = (GOptionEntry) { "skin-ok", 0, 0, G_OPTION_ARG_STRING, &skin_ok, N_("The skin under the electrodes after the session: yes or no"), N_("yes|no") };
  entries[n++] = (GOptionEntry) { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note on the session"), N_("TEXT") };
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
                                _("Checks the contraindications first (a block exits with 4, a caution not acknowledged with 3; "
                                  "nothing is sent then), connects (--port, --simulator or the --device’s connection) "
                                  "or, without a link, keeps the time of a manual device (laser: point by point, t = E / P), "
                                  "prints the status every second and stops the stimulator at the end, on Ctrl+C, "
                                  "on SIGTERM and on any fault.\n"
                                  "Exit status: 0 completed, 3 stopped early or a caution not acknowledged, 4 blocked, "
                                  "1 fault, lost connection or a session whose end could not be stored, 2 usage error."));
  if (!salvectl_parse_options (context, &argc, &argv))
    goto out;

  if (argc != 1)
    {
      ret = salvectl_usage_error (_("session run takes no arguments besides its options"));
      goto out;
    }
  if (modality_id == NULL || !salve_modality_from_id (modality_id, &modality))
    {
      g_autofree char *ids = salve_modality_list_ids ();

      ret = salvectl_usage_error (_("session run needs --modality (%s)"), ids);
      goto out;
    }
  if (site_id == NULL || !salve_site_from_id (site_id, &site))
    {
      g_autofree char *ids = salve_site_list_ids ();

      ret = salvectl_usage_error (_("session run needs --site (%s)"), ids);
      goto out;
    }
  if ((pain_before_text != NULL && !salvectl_parse_rating ("--pain-before", pain_before_text, &pain_before)) ||
      (pain_after_text != NULL && !salvectl_parse_rating ("--pain-after", pain_after_text, &pain_after)) ||
      (program_text != NULL && !salvectl_parse_int ("--program", program_text, 1, SALVECTL_MAX_PROGRAM, &program)))
    goto out;
  if (db_wait_text != NULL)
    {
      gint64 seconds;

      if (!salvectl_parse_int ("--db-wait", db_wait_text, 1, 24 * 3600, &seconds))
        goto out;
      db_wait_s = (guint) seconds;
    }
  if (skin_ok != NULL && !g_str_equal (skin_ok, "yes") && !g_str_equal (skin_ok, "no"))
    {
      ret = salvectl_usage_error (_("--skin-ok takes yes or no"));
      goto out;
    }
  if (simulator && port != NULL)
    {
      ret = salvectl_usage_error (_("Give --port or --simulator, not both"));
      goto out;
    }
  if (ramp_text != NULL &&
      !salvectl_parse_double ("--ramp-rate", ramp_text, SALVECTL_MIN_RAMP_RATE, SALVECTL_MAX_RAMP_RATE, &ramp_rate))
    goto out;
  for (guint i = 0; side_effects != NULL && side_effects[i] != NULL; i++)
    if (!g_strv_contains (salve_side_effects_for_modality (modality), side_effects[i]))
      {
        g_autofree char *ids = g_strjoinv (", ", (char **) salve_side_effects_for_modality (modality));

        ret = salvectl_usage_error (_("Unknown side effect “%s” for %s. Valid side effects: %s"),
                                    side_effects[i], modality_id, ids);
        goto out;
      }

  salve_plan_init (&plan, modality, site);
  if (!salvectl_plan_set_params (&plan, param_values))
    goto out_plan;

  if (profile_name != NULL || device_name != NULL)
    {
      if (!(db = salvectl_get_db (ctl)))
        {
          ret = SALVECTL_EXIT_RUNTIME;
          goto out_plan;
        }
    }
  if (profile_name != NULL && !(profile = salvectl_find_profile (db, profile_name)))
    {
      ret = SALVECTL_EXIT_RUNTIME;
      goto out_plan;
    }
  /* Nobody answered anything: said, as an unanswered question is never
   * a silent no for a person. */
  if (profile_name == NULL)
    g_printerr (_("note: no --profile, so no one’s checklist is checked: every condition counts as no, "
                  "and nothing is recorded.\n"));
  if (device_name != NULL)
    {
      device = salve_device_repo_find_by_name (db, device_name, &error);
      if (device == NULL)
        {
          ret = salvectl_runtime_error ("%s", error->message);
          goto out_plan;
        }
      if (device->modality != modality)
        {
          salvectl_usage_error (_("“%s” is for %s, not for %s"), device->name,
                                salve_modality_get_name (device->modality), salve_modality_get_name (modality));
          goto out_plan;
        }
    }

  /* Everything from here is the treatment's: the front end only says what
   * was asked and prints what happens. */
  treatment = salve_treatment_new (db, profile, modality);
  if (salve_treatment_get_inputs_error (treatment) != NULL)
    g_printerr (_("salvectl: warning: %s (counted on the safe side)\n"),
                salve_treatment_get_inputs_error (treatment)->message);
  salve_treatment_set_device (treatment, device);
  salve_treatment_set_port (treatment, port);
  salve_treatment_set_simulated (treatment, simulator);
  salve_treatment_set_site (treatment, site);
  for (SalveParam p = 0; p < SALVE_N_PARAMS; p++)
    {
      double value;

      if (salve_plan_get (&plan, p, &value))
        salve_treatment_set_param (treatment, p, value);
    }
  intensity_param = salve_modality_get_intensity_param (modality);
  /* A laser gives its own power: the device's, unless told otherwise. */
  if (modality == SALVE_MODALITY_LASER && device != NULL && !salve_plan_is_set (&plan, SALVE_PARAM_POWER_MW) &&
      device->max_power_mw > 0)
    salve_treatment_set_param (treatment, SALVE_PARAM_POWER_MW, device->max_power_mw);
  salve_treatment_set_program (treatment, (guint) program);
  salve_treatment_set_ramp_rate (treatment, ramp_rate);

  if (!salve_treatment_get_param (treatment, intensity_param, &goal))
    {
      salvectl_usage_error (_("session run needs --%s"), salve_param_to_id (intensity_param));
      goto out_plan;
    }
  if (salve_treatment_get_planned_ms (treatment) <= 0)
    {
      if (modality == SALVE_MODALITY_LASER)
        salvectl_usage_error (_("session run needs --dose-j and --power-mw (the time is E / P per point), or --minutes"));
      else
        salvectl_usage_error (_("session run needs --minutes (more than 0; decimals allowed)"));
      goto out_plan;
    }

  print_findings (salve_treatment_get_findings (treatment));
  if (salve_treatment_get_verdict (treatment) == SALVE_VERDICT_BLOCKED)
    {
      g_printerr (_("salvectl: this session is blocked; nothing was sent to the stimulator\n"));
      ret = SALVECTL_EXIT_BLOCKED;
      goto out_plan;
    }

  /* Who acknowledges: the schema keeps no carer for a profile, so the
   * person at this account unless --by says otherwise. */
  if (by == NULL || *by == '\0')
    {
      g_free (by);
      by = g_strdup (g_get_user_name ());
    }
  if ((ret = acknowledge (treatment, acknowledged, by)) >= 0)
    goto out_plan;

  salve_treatment_set_pain_before (treatment, pain_before, NULL);

  loop = g_main_loop_new (NULL, FALSE);
  view.treatment = treatment;
  view.loop = loop;
  g_signal_connect (treatment, "step", G_CALLBACK (on_step), &view);
  g_signal_connect (treatment, "point-changed", G_CALLBACK (on_point_changed), &view);

  if (!salve_treatment_start (treatment, &error))
    {
      g_printerr ("salvectl: %s\n", error->message);
      ret = g_error_matches (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_BLOCKED) ||
            g_error_matches (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_ALREADY_RUNNING) ? SALVECTL_EXIT_BLOCKED
          : g_error_matches (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_NOT_ACKNOWLEDGED) ? SALVECTL_EXIT_CAUTION
          : SALVECTL_EXIT_RUNTIME;
      goto out_view;
    }

  sigint_id = g_unix_signal_add (SIGINT, on_sigint, &view);
  sigterm_id = g_unix_signal_add (SIGTERM, on_sigterm, &view);
  sighup_id = g_unix_signal_add (SIGHUP, on_sigterm, &view);
  view.status_id = g_timeout_add (STATUS_EVERY_MS, on_status_timer, &view);

  if (salve_treatment_get_step (treatment) < SALVE_TREATMENT_STEP_AFTER)
    g_main_loop_run (loop);

  g_clear_handle_id (&view.status_id, g_source_remove);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_source_remove (sighup_id);

  ret = report_end (treatment, port ? port : (device ? device->connection : NULL), &said);
  /* Salve kept a manual device's time, nothing more: the person was told
   * to set it going, and is told to switch it off, however it ended. */
  if (salve_treatment_get_manual_end_advice (treatment) != NULL)
    g_print ("%s\n", salve_treatment_get_manual_end_advice (treatment));
  if (salve_treatment_get_stop_error (treatment) != NULL)
    {
      g_printerr ("salvectl: %s\n", salve_treatment_get_stop_error (treatment)->message);
      ret = SALVECTL_EXIT_RUNTIME;
    }

  /* The questions after the session, stored with it; none of them for a
   * session that never started on its device (a treatment never given). */
  if ((pain_after != SALVE_PAIN_UNSET || side_effects != NULL || skin_ok != NULL) &&
      !salve_treatment_started_on_device (treatment))
    g_printerr (_("salvectl: the session never started on its device: the pain after, side effects and skin "
                  "check are not stored\n"));
  if (pain_after != SALVE_PAIN_UNSET)
    salve_treatment_set_pain_after (treatment, pain_after, NULL);
  if (side_effects != NULL)
    salve_treatment_set_side_effects (treatment, (const char * const *) side_effects, NULL);
  if (skin_ok != NULL)
    salve_treatment_set_skin_check (treatment,
                                    g_str_equal (skin_ok, "yes") ? SALVE_SKIN_CHECK_NORMAL : SALVE_SKIN_CHECK_DAMAGED,
                                    NULL);
  if (note != NULL)
    salve_treatment_set_note (treatment, note);

  /* Broken skin the database would not take into the checklist (busy, or
   * a full disk) leaves the session's own record queued: it is still
   * waited for below, and the checklist tried once more after it. */
  if (!salve_treatment_close (treatment, &error) &&
      !g_error_matches (error, SALVE_TREATMENT_ERROR, SALVE_TREATMENT_ERROR_SKIN_NOT_MARKED))
    {
      g_printerr ("salvectl: %s\n", error->message);
      ret = SALVECTL_EXIT_RUNTIME;
      goto out_view;
    }
  skin_refused = error != NULL;
  g_clear_error (&error);

  /* Nothing is said to be done before its end is stored. */
  if (salve_treatment_get_n_pending (treatment) > 0 && salve_treatment_get_storage_error (treatment) == NULL)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "salvectl: the database is in use by another program; waiting up to %u second to store the session\n",
                             "salvectl: the database is in use by another program; waiting up to %u seconds to store the session\n",
                             db_wait_s),
                db_wait_s);
  if (!salve_treatment_flush (treatment, db_wait_s * 1000, &error) &&
      g_error_matches (error, SALVE_DB_ERROR, SALVE_DB_ERROR_BUSY))
    {
      g_printerr (_("salvectl: the session ended, but its end was not stored: %s\n"), error->message);
      ret = SALVECTL_EXIT_RUNTIME;
    }
  else if (error != NULL || salve_treatment_get_storage_error (treatment) != NULL)
    {
      /* Success only for a session whose record is whole. */
      g_printerr (_("salvectl: the session’s record is not complete: %s\n"),
                  error != NULL ? error->message : salve_treatment_get_storage_error (treatment)->message);
      ret = SALVECTL_EXIT_RUNTIME;
    }
  else if (skin_refused && !salve_treatment_close (treatment, &error))
    {
      g_printerr ("salvectl: %s\n", error->message);
      ret = SALVECTL_EXIT_RUNTIME;
    }
  else
    {
      if (said != NULL)
        g_print ("%s", said);
      if (profile != NULL)
        {
          g_autofree char *id_text = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                      salve_session_get_id (salve_treatment_get_session (treatment)));
          g_print (_("Recorded as session %s.\n"), id_text);
          {
            SalveSite marked;

            if (salve_treatment_get_marked_skin (treatment, &marked))
              {
                if (marked != SALVE_N_SITES)
                  /* Translators: %s is the session's site, "Lower back" */
                  g_print (_("Broken skin is now in the checklist, at “%s”: no TENS or muscle stimulation there "
                             "until the question is answered again.\n"),
                           salve_site_get_name (marked));
                else
                  g_print (_("Broken skin is now in the checklist, anywhere (it was noted at another place too): "
                             "no TENS or muscle stimulation until the question is answered again.\n"));
              }
          }
        }
    }

out_view:
  g_signal_handlers_disconnect_by_data (treatment, &view);

out_plan:
  salve_plan_clear (&plan);
out:
  for (guint p = 0; p < SALVE_N_PARAMS; p++)
    g_free (param_values[p]);
  return ret;
}
