/* salve-treatment.h: one session's whole life, below every front end
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "salve-db.h"
#include "salve-device.h"
#include "salve-preset.h"
#include "salve-profile.h"
#include "salve-rules.h"
#include "salve-session-runner.h"
#include "salve-sleep-monitor.h"
#include "salve-stimulator.h"

G_BEGIN_DECLS

/* A treatment goes through these steps, in this order:
 *
 *   PLAN        device, site and values are set; the findings follow them,
 *               and each caution must be acknowledged (who and when)
 *   CONNECTING  the session is stored (planned), with the acknowledgements
 *               and the pain before as a linked diary entry; the port is
 *               opened or the simulator launched
 *   RUNNING     the session runner drives the stimulator, or keeps the time
 *               of a manual device (point by point for laser)
 *   AFTER       the session ended: completed, stopped, or interrupted with
 *               a reason (link-lost, fault, app-closed, …), on disk
 *   CLOSED      pain after (a linked diary entry), side effects, skin
 *               check and note are stored
 *
 * The app and salvectl both drive this; neither has a session of its own. */
typedef enum
{
  SALVE_TREATMENT_STEP_PLAN,
  SALVE_TREATMENT_STEP_CONNECTING,
  SALVE_TREATMENT_STEP_RUNNING,
  SALVE_TREATMENT_STEP_AFTER,
  SALVE_TREATMENT_STEP_CLOSED,
} SalveTreatmentStep;

#define SALVE_TREATMENT_ERROR (salve_treatment_error_quark ())

typedef enum
{
  SALVE_TREATMENT_ERROR_INCOMPLETE,      /* no site, intensity or time */
  SALVE_TREATMENT_ERROR_BLOCKED,         /* a finding blocks the session */
  SALVE_TREATMENT_ERROR_NOT_ACKNOWLEDGED,/* a caution still needs its acknowledgement */
  SALVE_TREATMENT_ERROR_NO_SUCH_CAUTION, /* acknowledge: no such caution now */
  SALVE_TREATMENT_ERROR_BAD_STEP,        /* not possible in this step */
  SALVE_TREATMENT_ERROR_INVALID,         /* a side effect, skin check or pain out of range */
  SALVE_TREATMENT_ERROR_NO_SIMULATOR,    /* salve-stim-sim is not installed */
  SALVE_TREATMENT_ERROR_WRONG_DEVICE,    /* the device is of another modality */
  SALVE_TREATMENT_ERROR_NOT_STARTED,     /* after-questions of a session that never started on its device */
  SALVE_TREATMENT_ERROR_STOP_NOT_CONFIRMED, /* the stimulator never confirmed its output off */
  SALVE_TREATMENT_ERROR_SKIN_NOT_MARKED, /* damaged skin found after it did not reach the checklist */
  SALVE_TREATMENT_ERROR_NOT_RECORDED,    /* the database refused the session's start: it did not start */
  SALVE_TREATMENT_ERROR_ALREADY_RUNNING, /* another session of the person runs in a live program */
} SalveTreatmentError;

GQuark salve_treatment_error_quark (void);

/* Whether numbness the diary noted up to @day (NULL: today) stops
 * @modality where a course of treatment gives it, at @site_id (a
 * SalveSite id; NULL or "" for a plan that names no site): electrical
 * stimulation, on a site the entries name, or with one that names none.
 * An entry counts for the week a warning sign does, and after it until
 * the checklist's question about reduced sensation is answered again
 * (see load_diary_numbness()). A diary that cannot be read stops it too. */
gboolean salve_treatment_numbness_stops     (SalveDb             *db,
                                             gint64               profile_id,
                                             SalveModality        modality,
                                             const char          *site_id,
                                             const GDate         *day);

/* What a course of treatment says of a planned @modality that
 * salve_treatment_numbness_stops(): one sentence. */
char    *salve_treatment_describe_numbness_stop (SalveModality modality);

/* The contraindication engine's inputs, built the one way every front end
 * uses: @device's limits and name go into @plan (may be NULL); @answers
 * get @profile's checklist (may be NULL: @answers stay as they are),
 * with broken skin where a session's skin check found damage since the
 * question was last answered and closing could not store it (stored now
 * when the database takes it); for
 * laser, @plan gets the profile's earlier laser sessions on its site
 * today; for electrical stimulation, @plan gets the numbness the diary
 * noted this week. What cannot
 * be read errs safe and the inputs are still usable: unread answers stay
 * unknown (which counts as yes), an unreadable count of today's laser
 * sessions counts as one, so the once-a-day caution stands and must be
 * acknowledged, and an unreadable diary asks about numbness. Returns FALSE
 * with @error set when something could not be read. */
gboolean salve_treatment_build_rules_inputs (SalveDb             *db,
                                             SalveProfile        *profile,
                                             const SalveDevice   *device,
                                             SalvePlan           *plan,
                                             SalveProfileAnswers *answers,
                                             GError             **error);

/* One session at a time for a person: FALSE with
 * SALVE_TREATMENT_ERROR_ALREADY_RUNNING while a session of @profile runs
 * in a program that is alive (salvectl, another window, another
 * connection), or with the database's error when that cannot be read.
 * salve_treatment_start() checks it; a front end may ask before it asks
 * anything else. */
gboolean salve_treatment_check_none_running (SalveDb             *db,
                                             SalveProfile        *profile,
                                             GError             **error);

/* Where salve-stim-sim is: $SALVE_STIM_SIM, beside the running program
 * (they are installed together), or on $PATH. NULL when not found, and
 * when $SALVE_STIM_SIM names no program. */
char    *salve_treatment_find_simulator     (void);

#define SALVE_TYPE_TREATMENT (salve_treatment_get_type ())

G_DECLARE_FINAL_TYPE (SalveTreatment, salve_treatment, SALVE, TREATMENT, GObject)

/* A treatment for @profile in @db (both NULL: nothing is kept). The
 * profile's checklist answers are read now (unknown where unreadable);
 * without a profile every condition counts as "no" until
 * salve_treatment_set_answers(). */
SalveTreatment     *salve_treatment_new                (SalveDb             *db,
                                                        SalveProfile        *profile,
                                                        SalveModality        modality);

SalveTreatmentStep  salve_treatment_get_step           (SalveTreatment      *self);
SalveModality       salve_treatment_get_modality       (SalveTreatment      *self);
SalveProfile       *salve_treatment_get_profile        (SalveTreatment      *self);
const SalveProfileAnswers *salve_treatment_get_answers (SalveTreatment      *self);
void                salve_treatment_set_answers        (SalveTreatment      *self,
                                                        const SalveProfileAnswers *answers);
/* Why the checklist or today's count could not be read, if so. */
const GError       *salve_treatment_get_inputs_error   (SalveTreatment      *self);

/* The plan (PLAN step only; later calls are ignored). */

/* Another modality (the person went back and chose another device): the
 * device, connection, values, program and acknowledgements of the old
 * one are dropped, and the findings worked out anew. Site and answers
 * stay. */
void                salve_treatment_set_modality       (SalveTreatment      *self,
                                                        SalveModality        modality);

/* A registered device (copied; NULL for none): its limits, model and
 * connection ("manual" or a port) count from now on. */
void                salve_treatment_set_device         (SalveTreatment      *self,
                                                        const SalveDevice   *device);
const SalveDevice  *salve_treatment_get_device         (SalveTreatment      *self);
/* The name the session is recorded under when there is no registered
 * device (the model the stimulator reports is used otherwise). */
void                salve_treatment_set_device_name    (SalveTreatment      *self,
                                                        const char          *name);
/* A serial port or pseudo-terminal to connect to; wins over the device's
 * connection. NULL: the device's, or none (manual). */
void                salve_treatment_set_port           (SalveTreatment      *self,
                                                        const char          *port);
/* Launch salve-stim-sim for this session and connect to it. */
void                salve_treatment_set_simulated      (SalveTreatment      *self,
                                                        gboolean             simulated);
/* Practice: the simulated stimulator, which gives no current. */
gboolean            salve_treatment_get_simulated      (SalveTreatment      *self);
/* Whether the session will have a link to the device. */
gboolean            salve_treatment_is_connected       (SalveTreatment      *self);
void                salve_treatment_set_site           (SalveTreatment      *self,
                                                        SalveSite            site);
SalveSite           salve_treatment_get_site           (SalveTreatment      *self);
/* A value as given: one above a limit or the ceiling is not changed, the
 * findings block it instead. */
void                salve_treatment_set_param          (SalveTreatment      *self,
                                                        SalveParam           param,
                                                        double               value);
void                salve_treatment_unset_param        (SalveTreatment      *self,
                                                        SalveParam           param);
gboolean            salve_treatment_get_param          (SalveTreatment      *self,
                                                        SalveParam           param,
                                                        double              *value);
/* A program's values. The device's own power, beam, wavelength and
 * electrode size win over the program's assumptions (t = E / P needs the
 * real P); a planned intensity above the ceiling starts at the ceiling;
 * the program's site is taken while none was chosen. */
void                salve_treatment_set_preset         (SalveTreatment      *self,
                                                        SalvePreset         *preset);
/* The program last set, as it was given (NULL for none). */
SalvePreset        *salve_treatment_get_preset         (SalveTreatment      *self);
/* The programs to choose from: the built-in ones for the modality, then
 * the profile's own. Element type: SalvePreset. */
GPtrArray          *salve_treatment_list_programs      (SalveTreatment      *self);
/* Saves the program last set (salve_treatment_set_preset) with the values
 * as they are now under @name, as one of the profile's own programs. */
SalvePreset        *salve_treatment_save_program       (SalveTreatment      *self,
                                                        const char          *name,
                                                        GError             **error);
/* The device's program number (0: leave the device's). */
void                salve_treatment_set_program        (SalveTreatment      *self,
                                                        guint                program);
/* The host's ramp speed (0: the driver's default). */
void                salve_treatment_set_ramp_rate      (SalveTreatment      *self,
                                                        double               per_second);
/* salve_rules_get_intensity_ceiling() for this profile, device and
 * modality, in the unit of the modality's intensity; NAN for none. */
double              salve_treatment_get_ceiling        (SalveTreatment      *self);
/* Laser: seconds per point (t = E / P) and the number of points; 0 when
 * not a laser plan or dose or power are missing. */
double              salve_treatment_get_seconds_per_point (SalveTreatment   *self);
guint               salve_treatment_get_n_points       (SalveTreatment      *self);
/* Laser: the energy given so far, in J: on a device that reports its
 * output, that output summed over the time it was reported; otherwise
 * P × the time the output was on (up to the planned time); 0 for other
 * modalities or before running. */
double              salve_treatment_get_energy_j       (SalveTreatment      *self);
/* After a completed session on a device that reports its output: what
 * says the output stayed below 90 % of the plan's intensity, or NULL. */
const char         *salve_treatment_get_output_note    (SalveTreatment      *self);
/* The planned time: points × t for laser, else the minutes; -1 unknown. */
gint64              salve_treatment_get_planned_ms     (SalveTreatment      *self);
/* The plan as the rules see it (device limits, today's count included).
 * Free with salve_plan_clear(). */
void                salve_treatment_build_plan         (SalveTreatment      *self,
                                                        SalvePlan           *plan);

/* Findings and acknowledgements. */

/* The findings for the plan as it stands; checked again after every
 * change. Findings that say the same keep their acknowledgements
 * (salve_findings_equal); any that differ must be acknowledged again. */
GPtrArray          *salve_treatment_get_findings       (SalveTreatment      *self);
SalveVerdict        salve_treatment_get_verdict        (SalveTreatment      *self);
/* What treating @site would give for this modality and profile, to tint a
 * body picture: a caution that holds on every site (laser eye protection)
 * says nothing about where to treat and reads as allowed. */
SalveVerdict        salve_treatment_get_site_verdict   (SalveTreatment      *self,
                                                        SalveSite            site);
/* The same, for the kind of device that fits @site best for this
 * profile, before a device is chosen: BLOCKED only when no modality may
 * be used there. */
SalveVerdict        salve_treatment_get_best_site_verdict (SalveTreatment   *self,
                                                        SalveSite            site);
/* Records that @by acknowledged the caution @rule_id now. */
gboolean            salve_treatment_acknowledge        (SalveTreatment      *self,
                                                        const char          *rule_id,
                                                        const char          *by,
                                                        GError             **error);
void                salve_treatment_acknowledge_all    (SalveTreatment      *self,
                                                        const char          *by);
gboolean            salve_treatment_is_acknowledged    (SalveTreatment      *self,
                                                        const char          *rule_id);
/* Takes back the acknowledgement of @rule_id (NULL: of every caution),
 * in the PLAN step: the caution must be acknowledged again. */
void                salve_treatment_unacknowledge      (SalveTreatment      *self,
                                                        const char          *rule_id);
/* No block, and every caution acknowledged (property "can-start",
 * notified when findings, acknowledgements or the step change). */
gboolean            salve_treatment_get_can_start      (SalveTreatment      *self);

/* 0–10, or SALVE_PAIN_UNSET. */
gboolean            salve_treatment_set_pain_before    (SalveTreatment      *self,
                                                        int                  pain,
                                                        GError             **error);

/* Checks once more, stores the session and starts it: connects (the
 * step is CONNECTING until the device answers) or runs a manual device at
 * once. FALSE when it cannot start; nothing is stored or sent then. Once
 * it returns TRUE the session always ends with "finished", also when the
 * device does not answer (interrupted, link-lost; see get_error). */
gboolean            salve_treatment_start              (SalveTreatment      *self,
                                                        GError             **error);
SalveSession       *salve_treatment_get_session        (SalveTreatment      *self);
/* NULL until the session runs. */
SalveSessionRunner *salve_treatment_get_runner         (SalveTreatment      *self);
/* NULL without a link. */
SalveStimulator    *salve_treatment_get_stimulator     (SalveTreatment      *self);
/* Why the session ended early on the device's side (no answer, refused
 * program, fault), if so. */
const GError       *salve_treatment_get_error          (SalveTreatment      *self);
/* Set when the session ended but the stimulator did not confirm, within
 * 1.5 s, that it answered the STOP and reports every output 0: its output
 * may still be on, and the person must switch it off. The session's log
 * holds it as a fault. NULL otherwise. */
const GError       *salve_treatment_get_stop_error     (SalveTreatment      *self);
/* TRUE once the session started on its device and so gave treatment
 * (salve_session_runner_has_started); FALSE for one that ended without:
 * its device was not found, never answered or refused to start. What
 * comes after asks how it went only when TRUE. */
gboolean            salve_treatment_started_on_device  (SalveTreatment      *self);
/* For a manual device whose session started (the person set it going),
 * what to do at its end, whatever the end: Salve never controlled it, so
 * it cannot know it is off. NULL for a stimulator Salve drove, practice,
 * or a session that never started. */
const char         *salve_treatment_get_manual_end_advice (SalveTreatment *self);
/* For a stimulator Salve drove whose stop it could not confirm, or that
 * faulted while the stop was awaited (see get_stop_error): what to do at
 * the end, whatever the end, said where a front end would otherwise say
 * the device was stopped. NULL when the stop was confirmed cleanly, or
 * before the session's end. */
const char         *salve_treatment_get_unconfirmed_stop_advice (SalveTreatment *self);

gboolean            salve_treatment_pause              (SalveTreatment      *self,
                                                        GError             **error);
gboolean            salve_treatment_resume             (SalveTreatment      *self,
                                                        GError             **error);
gboolean            salve_treatment_intensity_up       (SalveTreatment      *self,
                                                        GError             **error);
gboolean            salve_treatment_intensity_down     (SalveTreatment      *self,
                                                        GError             **error);
/* While the session runs, @monitor holds off sleep until the stimulator
 * is stopped, and sleep interrupts the session (suspend). NULL: none. */
void                salve_treatment_set_sleep_monitor  (SalveTreatment      *self,
                                                        SalveSleepMonitor   *monitor);
/* Stop pressed: stopped (completed if the time was up anyway). While
 * connecting: nothing ran; stopped too. */
void                salve_treatment_stop               (SalveTreatment      *self);
/* The device off without the main loop, then interrupted for @reason (a
 * SALVE_SESSION_REASON_*: app-closed, window-closed, suspend). */
void                salve_treatment_interrupt          (SalveTreatment      *self,
                                                        const char          *reason);

/* After the session (AFTER step). */
gboolean            salve_treatment_set_pain_after     (SalveTreatment      *self,
                                                        int                  pain,
                                                        GError             **error);
/* Ids from salve_side_effects_for_modality(). */
gboolean            salve_treatment_set_side_effects   (SalveTreatment      *self,
                                                        const char * const  *ids,
                                                        GError             **error);
/* SALVE_SKIN_CHECK_NORMAL, _RED, _DAMAGED or "" (not checked). */
gboolean            salve_treatment_set_skin_check     (SalveTreatment      *self,
                                                        const char          *check,
                                                        GError             **error);
void                salve_treatment_set_note           (SalveTreatment      *self,
                                                        const char          *note);
/* Whether the skin check is asked: electrical, and sensation not known
 * to be normal. */
gboolean            salve_treatment_wants_skin_check   (SalveTreatment      *self);
/* TRUE once closing put broken skin into the checklist, with where in
 * @site (SALVE_N_SITES: anywhere). */
gboolean            salve_treatment_get_marked_skin    (SalveTreatment      *self,
                                                        SalveSite           *site);
/* Queues the after-questions behind the session's end; step CLOSED. A
 * write the database refused shows in get_storage_error(), one waiting
 * for a busy database in get_n_pending(). Closing again is not an error
 * and writes nothing more.
 *
 * A skin check that found a blister, a burn or broken skin (not in
 * practice) goes into the profile's checklist: broken skin at the
 * session's site (salve_profile_answers_mark_skin_damaged()), so that no
 * electrical session goes there until someone answers the question
 * again. Should the database refuse that, closing fails with
 * SALVE_TREATMENT_ERROR_SKIN_NOT_MARKED, the session's record queued all
 * the same, and closing again tries it again. */
gboolean            salve_treatment_close              (SalveTreatment      *self,
                                                        GError             **error);
/* Every write of the session goes through one SalveSessionJournal: stored
 * at once, or queued in order and retried from the main loop while another
 * program holds the database. The writes not stored yet (property
 * "n-pending", notified when it changes): */
guint               salve_treatment_get_n_pending      (SalveTreatment      *self);
/* For exit paths: stores everything queued, the end in particular,
 * waiting up to @timeout_ms for the database. FALSE with @error
 * (SALVE_DB_ERROR_BUSY when the time ran out) when something is left. */
gboolean            salve_treatment_flush              (SalveTreatment      *self,
                                                        guint                timeout_ms,
                                                        GError             **error);
/* A write that failed without stopping the treatment (the database
 * refused it), if any. */
const GError       *salve_treatment_get_storage_error  (SalveTreatment      *self);

/* Signals:
 *   "step"             (SalveTreatmentStep step)  the step changed
 *   "findings-changed" ()                         new findings (acknowledge again)
 *   "tick"             ()                         about 10 times a second while running
 *   "point-changed"    (guint point)              laser: move to the next point
 *   "finished"         ()                         ended; outcome stored or queued, device stopped */

G_END_DECLS
