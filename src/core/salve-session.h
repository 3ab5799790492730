/* salve-session.h: one treatment session, planned or run, and its events
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "salve-ids.h"

G_BEGIN_DECLS

/* Stored as ids (see *_to_id): part of the CSV format and of
 * `salvectl session list --json`. Never rename one, only add. */
typedef enum
{
  SALVE_SESSION_OUTCOME_PLANNED,
  SALVE_SESSION_OUTCOME_RUNNING,
  SALVE_SESSION_OUTCOME_COMPLETED,
  SALVE_SESSION_OUTCOME_STOPPED,
  SALVE_SESSION_OUTCOME_INTERRUPTED,
  SALVE_N_SESSION_OUTCOMES
} SalveSessionOutcome;

typedef enum
{
  SALVE_SESSION_EVENT_START,
  SALVE_SESSION_EVENT_RAMP,
  SALVE_SESSION_EVENT_INTENSITY,
  SALVE_SESSION_EVENT_PAUSE,
  SALVE_SESSION_EVENT_RESUME,
  SALVE_SESSION_EVENT_STOP,
  SALVE_SESSION_EVENT_FAULT,
  SALVE_SESSION_EVENT_LINK_LOST,
  SALVE_SESSION_EVENT_CAUTION_ACKNOWLEDGED,
  SALVE_SESSION_EVENT_NOTE,
  SALVE_SESSION_EVENT_POINT,          /* a laser point begins */
  SALVE_SESSION_EVENT_PRACTICE,       /* run on the simulated stimulator */
  SALVE_SESSION_EVENT_PROGRESS,       /* still running, each minute: the output then */
  SALVE_N_SESSION_EVENTS
} SalveSessionEventKind;

/* Why a session did not complete. Stored as the id in outcome_reason. */
#define SALVE_SESSION_REASON_USER       "user"        /* Stop pressed */
#define SALVE_SESSION_REASON_FAULT      "fault"       /* the device reported a fault */
#define SALVE_SESSION_REASON_LINK_LOST  "link-lost"   /* the port went away or went silent */
#define SALVE_SESSION_REASON_APP_CLOSED "app-closed"  /* window closed, quit, or a crash */
#define SALVE_SESSION_REASON_SUSPEND    "suspend"     /* the computer went to sleep */
#define SALVE_SESSION_REASON_WINDOW_CLOSED "window-closed" /* the person closed the session window */
#define SALVE_SESSION_REASON_NO_SIMULATOR "no-simulator" /* practice, and salve-stim-sim is not installed */

const char *salve_session_outcome_to_id       (SalveSessionOutcome    outcome);
gboolean    salve_session_outcome_from_id     (const char            *id,
                                               SalveSessionOutcome   *outcome);
const char *salve_session_outcome_get_name    (SalveSessionOutcome    outcome);

const char *salve_session_event_kind_to_id    (SalveSessionEventKind  kind);
gboolean    salve_session_event_kind_from_id  (const char            *id,
                                               SalveSessionEventKind *kind);
const char *salve_session_event_kind_get_name (SalveSessionEventKind  kind);

/* A known reason id in words; any other text is returned as it is. */
const char *salve_session_reason_get_name     (const char            *reason);

/* Side effects to ask about after a session (domain.md, seed 002).
 * Returns a NULL-terminated array of ids, owned by Salve. */
const char * const *salve_side_effects_for_modality (SalveModality modality);
/* NULL for an unknown id. */
const char *salve_side_effect_get_name        (const char            *id);

/* The skin check after a session for someone with reduced sensation. */
#define SALVE_SKIN_CHECK_NORMAL  "normal"
#define SALVE_SKIN_CHECK_RED     "red"        /* redness that fades */
#define SALVE_SKIN_CHECK_DAMAGED "damaged"    /* blister, burn, broken skin */
const char *salve_skin_check_get_name         (const char            *id);

typedef struct
{
  gint64                id;
  gint64                session_id;
  char                 *at;          /* ISO 8601 with offset */
  gint64                elapsed_ms;  /* since the session started */
  SalveSessionEventKind kind;
  char                 *detail;      /* e.g. "12.0 mA", a fault code, a note */
  char                 *actor;       /* who, for acknowledgements */
} SalveSessionEvent;

#define SALVE_TYPE_SESSION_EVENT (salve_session_event_get_type ())
GType              salve_session_event_get_type (void) G_GNUC_CONST;
SalveSessionEvent *salve_session_event_new      (SalveSessionEventKind kind,
                                                 gint64                elapsed_ms,
                                                 const char           *detail,
                                                 const char           *actor);
SalveSessionEvent *salve_session_event_copy     (const SalveSessionEvent *event);
void               salve_session_event_free     (SalveSessionEvent       *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveSessionEvent, salve_session_event_free)

#define SALVE_TYPE_SESSION (salve_session_get_type ())

G_DECLARE_FINAL_TYPE (SalveSession, salve_session, SALVE, SESSION, GObject)

#define SALVE_PAIN_UNSET (-1)

SalveSession       *salve_session_new                (SalveModality  modality,
                                                      SalveSite      site);

gint64              salve_session_get_id             (SalveSession  *self);
void                salve_session_set_id             (SalveSession  *self,
                                                      gint64         id);
gint64              salve_session_get_profile_id     (SalveSession  *self);
void                salve_session_set_profile_id     (SalveSession  *self,
                                                      gint64         profile_id);
/* 0 when the session used no device of the devices table (e.g. the
 * simulated stimulator, or a device removed since). */
gint64              salve_session_get_device_id      (SalveSession  *self);
void                salve_session_set_device_id      (SalveSession  *self,
                                                      gint64         device_id);
const char         *salve_session_get_device_name    (SalveSession  *self);
void                salve_session_set_device_name    (SalveSession  *self,
                                                      const char    *name);
SalveModality       salve_session_get_modality       (SalveSession  *self);
void                salve_session_set_modality       (SalveSession  *self,
                                                      SalveModality  modality);
SalveSite           salve_session_get_site           (SalveSession  *self);
void                salve_session_set_site           (SalveSession  *self,
                                                      SalveSite      site);
/* A preset id, a saved program's name, or the device's program number. */
const char         *salve_session_get_program        (SalveSession  *self);
void                salve_session_set_program        (SalveSession  *self,
                                                      const char    *program);

/* The planned parameters as a JSON object keyed by the parameter ids of
 * salve-modality.h, which are also the salvectl flags: "intensity-ma", "frequency-hz", "pulse-us",
 * "electrode-cm2", "power-mw", "dose-j", "points", "beam-cm2",
 * "field-ut", "on-s", "off-s", "ramp-s", "wavelength-nm". Never NULL. */
JsonObject         *salve_session_get_params         (SalveSession  *self);
void                salve_session_set_params         (SalveSession  *self,
                                                      JsonObject    *params);
void                salve_session_set_param          (SalveSession  *self,
                                                      const char    *key,
                                                      double         value);
/* fallback when the key is missing or not a number */
double              salve_session_get_param          (SalveSession  *self,
                                                      const char    *key,
                                                      double         fallback);
char               *salve_session_dup_params_json    (SalveSession  *self);
gboolean            salve_session_set_params_json    (SalveSession  *self,
                                                      const char    *json,
                                                      GError       **error);
/* "12 mA, 100 Hz, 200 µs": every value with its unit. */
char               *salve_session_format_params      (SalveSession  *self);

/* Negative when not planned. */
double              salve_session_get_planned_minutes (SalveSession *self);
void                salve_session_set_planned_minutes (SalveSession *self,
                                                       double        minutes);

/* ISO 8601 with offset, NULL when not yet. */
const char         *salve_session_get_started_at     (SalveSession  *self);
void                salve_session_set_started_at     (SalveSession  *self,
                                                      const char    *at);
const char         *salve_session_get_ended_at       (SalveSession  *self);
void                salve_session_set_ended_at       (SalveSession  *self,
                                                      const char    *at);

SalveSessionOutcome salve_session_get_outcome        (SalveSession  *self);
const char         *salve_session_get_outcome_reason (SalveSession  *self);
void                salve_session_set_outcome        (SalveSession  *self,
                                                      SalveSessionOutcome outcome,
                                                      const char    *reason);

/* SALVE_PAIN_UNSET when not answered. */
int                 salve_session_get_pain_before    (SalveSession  *self);
void                salve_session_set_pain_before    (SalveSession  *self,
                                                      int            pain);
int                 salve_session_get_pain_after     (SalveSession  *self);
void                salve_session_set_pain_after     (SalveSession  *self,
                                                      int            pain);

/* Side-effect ids; never NULL (an empty array when none). */
const char * const *salve_session_get_side_effects   (SalveSession  *self);
void                salve_session_set_side_effects   (SalveSession  *self,
                                                      const char * const *ids);
/* "" when no skin check was asked for. */
const char         *salve_session_get_skin_check     (SalveSession  *self);
void                salve_session_set_skin_check     (SalveSession  *self,
                                                      const char    *check);
const char         *salve_session_get_note           (SalveSession  *self);
void                salve_session_set_note           (SalveSession  *self,
                                                      const char    *note);

/* Element type SalveSessionEvent, in the order they happened. Filled by
 * the repository's get; empty for sessions from a list. */
GPtrArray          *salve_session_get_events         (SalveSession  *self);
/* What ended the session early, in the words of its log: the first fault
 * or lost link event's detail ("The device stopped: electrode off the
 * skin"), or NULL. */
const char         *salve_session_get_ending_cause   (SalveSession  *self);
void                salve_session_add_event          (SalveSession  *self,
                                                      SalveSessionEvent *event);

/* Seconds between start and end; -1 when either is missing. */
gint64              salve_session_get_duration_s     (SalveSession  *self);

/* For `salvectl session list --json` and exports. */
JsonNode           *salve_session_to_json            (SalveSession  *self);

/* The untranslated names of the practice stimulator, as exports write
 * them for a practice session whatever name it was recorded with. */
#define SALVE_PRACTICE_DEVICE_NAME      "Practice stimulator"
#define SALVE_PRACTICE_NMES_DEVICE_NAME "Practice NMES stimulator"

/* The name sessions on the practice stimulator are recorded with for
 * @modality, untranslated ("Practice stimulator"); NULL for a modality it
 * does not simulate. */
const char         *salve_session_get_practice_device_name (SalveModality modality);
/* Whether @name is the practice stimulator of @modality (any modality for
 * SALVE_N_MODALITIES) by any of its names, the current or the one
 * sessions were recorded with before, in English or in the language of
 * the day: how an exported practice session is known again on import. */
gboolean            salve_session_is_practice_device_name  (SalveModality  modality,
                                                            const char    *name);

G_END_DECLS
