/* salvectl-private.h: what the salvectl commands share
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "salve-db.h"
#include "salve-profile.h"
#include "salve-rules.h"

G_BEGIN_DECLS

/* The exit-code contract of salvectl; scripts rely on it. */
typedef enum
{
  SALVECTL_EXIT_OK      = 0,  /* done, or allowed */
  SALVECTL_EXIT_RUNTIME = 1,  /* something went wrong while doing it */
  SALVECTL_EXIT_USAGE   = 2,  /* the command line was wrong */
  SALVECTL_EXIT_CAUTION = 3,  /* caution, or done in part */
  SALVECTL_EXIT_BLOCKED = 4,  /* blocked, or nothing done */
} SalvectlExit;

/* Bounds of options that are not plan parameters (docs/salvectl.md). */
#define SALVECTL_MAX_SESSIONS_TODAY 100
#define SALVECTL_MAX_PROGRAM        255
#define SALVECTL_MIN_RAMP_RATE      0.1
#define SALVECTL_MAX_RAMP_RATE      100.0

typedef struct
{
  char    *db_path;   /* NULL: SALVE_DB or the default */
  SalveDb *db;        /* opened on first use */
} Salvectl;

typedef int (*SalvectlCommandFunc) (Salvectl  *ctl,
                                    int        argc,
                                    char     **argv);

typedef struct
{
  const char          *name;
  SalvectlCommandFunc  func;
} SalvectlSubcommand;

/* Runs the subcommand argv[1] of the command argv[0] ("diary add"), which
 * then sees its own name as "diary add" in argv[0], so that its hints name
 * the whole command. With --help, prints @usage on stdout; without a
 * subcommand, a usage error and @usage on stderr. */
int      salvectl_dispatch          (Salvectl                 *ctl,
                                     int                       argc,
                                     char                    **argv,
                                     const char               *usage,
                                     const SalvectlSubcommand *subcommands,
                                     gsize                     n_subcommands);

/* Opens the database on first use; prints a clear message and returns
 * NULL when it cannot. */
SalveDb *salvectl_get_db            (Salvectl    *ctl);
/* Prints "salvectl: MESSAGE" to stderr and returns SALVECTL_EXIT_USAGE. */
int      salvectl_usage_error       (const char  *format,
                                     ...) G_GNUC_PRINTF (1, 2);
/* Prints "salvectl: MESSAGE" to stderr and returns SALVECTL_EXIT_RUNTIME. */
int      salvectl_runtime_error     (const char  *format,
                                     ...) G_GNUC_PRINTF (1, 2);
/* Parses a command's options; on failure prints the error with the
 * command's help hint and returns FALSE (exit with SALVECTL_EXIT_USAGE). */
gboolean salvectl_parse_options     (GOptionContext *context,
                                     int            *argc,
                                     char         ***argv);
/* Parses @entries for the command argv[0] ("diary add"), which takes no
 * arguments besides its options and, when @profile_name is given, needs
 * --profile (the option that fills *@profile_name). On a wrong command
 * line prints the usage error and returns FALSE (exit with
 * SALVECTL_EXIT_USAGE). */
gboolean salvectl_parse_command     (GOptionContext      *context,
                                     const GOptionEntry  *entries,
                                     int                 *argc,
                                     char              ***argv,
                                     char               **profile_name);
/* Pretty-prints a JSON node on stdout, followed by a newline. */
void     salvectl_print_json        (JsonNode    *node);
/* Prints @items as one JSON array, each item turned into a node by
 * @to_json (which returns a new node). */
typedef JsonNode *(*SalvectlToJsonFunc) (gpointer item);
void     salvectl_print_json_array  (GPtrArray          *items,
                                     SalvectlToJsonFunc  to_json);

/* Reads @text given to @option with salve_parse_double(): a plain
 * decimal number within [@min, @max]. Otherwise prints a usage error
 * naming the option and returns FALSE. */
gboolean salvectl_parse_double      (const char  *option,
                                     const char  *text,
                                     double       min,
                                     double       max,
                                     double      *value);
/* The same for a whole number (salve_parse_int()). */
/* A region id or a name people write for one ("left knee", "nek");
 * prints a usage error listing the ids and returns FALSE otherwise. */
gboolean salvectl_parse_region      (const char  *option,
                                     const char  *text,
                                     int         *code);
gboolean salvectl_parse_int         (const char  *option,
                                     const char  *text,
                                     gint64       min,
                                     gint64       max,
                                     gint64      *value);
/* A whole number from 0 to 10: pain, fatigue, sleep. */
gboolean salvectl_parse_rating      (const char  *option,
                                     const char  *text,
                                     int         *value);
/* Parses ID, ID=yes|no|unknown or either with @SITE into @answers (an ID
 * alone means @default_answer); prints a usage error listing the valid
 * ids and returns FALSE on an unknown one. */
gboolean salvectl_parse_condition   (const char          *text,
                                     SalveAnswer          default_answer,
                                     SalveProfileAnswers *answers);

/* Sets every --PARAM given (@param_values, indexed by SalveParam) on
 * @plan; prints a usage error and returns FALSE for a parameter the plan's
 * modality does not have or a value that is not a number. */
gboolean salvectl_plan_set_params   (SalvePlan           *plan,
                                     char               **param_values);
/* Loads @profile_name's answers into @answers and, for laser, the number of
 * its laser sessions on the plan's site today into @plan: the same inputs
 * every session gets (salve_treatment_build_rules_inputs; what cannot be
 * read counts on the safe side, with a warning). Prints the error and
 * returns NULL when there is no such profile or database. */
SalveProfile *salvectl_load_profile_answers (Salvectl            *ctl,
                                             const char          *profile_name,
                                             SalvePlan           *plan,
                                             SalveProfileAnswers *answers);

/* Reads a --from/--to value with salve_parse_date_time(): a date (the
 * whole local day; with @is_end up to and including it) or a date and
 * time. */
gboolean      salvectl_parse_time_bound (const char  *text,
                                         gboolean     is_end,
                                         gint64      *unix_time,
                                         GError     **error);
/* A date and time for a new diary entry or intake; a date alone is 12:00
 * local time, as in an import without a time column. */
GDateTime    *salvectl_parse_entry_time (const char  *text,
                                         GError     **error);
/* Prints the error and returns NULL when there is no such profile. */
SalveProfile *salvectl_find_profile     (SalveDb     *db,
                                         const char  *name);

/* Commands; argv[0] is the command's own name. */
int      salvectl_cmd_profile       (Salvectl *ctl, int argc, char **argv);
int      salvectl_cmd_diary         (Salvectl *ctl, int argc, char **argv);
int      salvectl_cmd_medication (Salvectl *ctl, int argc, char **argv);
int      salvectl_cmd_plan          (Salvectl *ctl, int argc, char **argv);
int      salvectl_cmd_chart         (Salvectl *ctl, int argc, char **argv);
int      salvectl_cmd_report        (Salvectl *ctl, int argc, char **argv);
int      salvectl_cmd_session       (Salvectl *ctl, int argc, char **argv);
int      salvectl_cmd_check         (Salvectl *ctl, int argc, char **argv);
int      salvectl_cmd_devices       (Salvectl *ctl, int argc, char **argv);
int      salvectl_cmd_import        (Salvectl *ctl, int argc, char **argv);
int      salvectl_cmd_export        (Salvectl *ctl, int argc, char **argv);
int      salvectl_cmd_backup        (Salvectl *ctl, int argc, char **argv);
int      salvectl_cmd_restore       (Salvectl *ctl, int argc, char **argv);
int      salvectl_cmd_ports         (Salvectl *ctl, int argc, char **argv);
/* salvectl session run, in salvectl-session-run.c */
int      salvectl_session_run       (Salvectl *ctl, int argc, char **argv);

G_END_DECLS
