/* test-cli-check.c: salvectl check, profile set and devices
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "salve-condition-repo.h"
#include "salve-diary-repo.h"
#include "salve-profile-repo.h"
#include "salve-session-repo.h"
#include "salve-test-util.h"

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = salve_test_make_tmpdir ();
  f->db = g_build_filename (f->dir, "salve.db", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  salve_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static const char *
last_line (const char *out)
{
  const char *end = out + strlen (out);
  const char *p;

  g_assert_true (end > out && end[-1] == '\n');
  for (p = end - 1; p > out && p[-1] != '\n'; p--)
    ;
  return p;
}

static void
test_check_done_when (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *knee = NULL;

  /* The acceptance: pregnancy blocks TENS on the lower back and
   * names the rule; on the knee it does not. */
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "check", "--modality", "tens",
                                            "--site", "lower-back", "--condition", "pregnancy", NULL), ==, 4);
  g_assert_cmpstr (last_line (out), ==, "verdict: blocked\n");
  g_assert_nonnull (strstr (out, "tens-pregnancy-abdomen"));

  g_assert_cmpint (salve_test_run_salvectl (&knee, NULL, "--db", f->db, "check", "--modality", "tens",
                                            "--site", "knee", "--condition", "pregnancy", NULL), ==, 0);
  g_assert_cmpstr (knee, ==, "verdict: allowed\n");
}

static void
test_check_verdicts_and_exit_codes (Fixture       *f,
                                    gconstpointer  data)
{
  const struct {
    const char *args;
    int         exit_code;
    const char *verdict;
    const char *rule;
  } rows[] = {
    { "--modality pemf --site lower-back --field-ut 35 --minutes 8", 0, "allowed", NULL },
    { "--modality laser --site elbow --power-mw 100 --dose-j 4 --points 2 --beam-cm2 0.5", 3, "caution", "laser-eye-protection" },
    { "--modality laser --site eye", 4, "blocked", "laser-eye" },
    { "--modality tens --site knee --intensity-ma 60", 4, "blocked", "limit-intensity-ma" },
    { "--modality tens --site knee --intensity-ma 60 --pulse-us 200 --frequency-hz 100 --electrode-cm2 4", 4, "blocked", "current-density" },
    { "--modality tens --site knee --intensity-ma 40 --pulse-us 200 --frequency-hz 100 --electrode-cm2 1", 3, "caution", "current-density" },
    { "--modality tens --site hand --intensity-ma 20 --condition reduced-sensation", 4, "blocked", "profile-ceiling" },
    { "--modality tens --site hand --intensity-ma 15 --condition reduced-sensation", 3, "caution", "reduced-sensation" },
    { "--modality laser --site knee --condition malignancy@knee", 4, "blocked", "laser-malignancy" },
    { "--modality laser --site elbow --condition malignancy@knee", 3, "caution", NULL },
    { "--modality laser --site elbow --sessions-today 1", 3, "caution", "laser-once-a-day" },
    { "--modality nmes --site leg --condition thrombosis=unknown", 4, "blocked", "nmes-thrombosis" },
    { "--modality nmes --site leg --condition thrombosis=no", 0, "allowed", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_auto(GStrv) words = g_strsplit (rows[i].args, " ", -1);
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *out = NULL;
      g_autofree char *expected = g_strdup_printf ("verdict: %s\n", rows[i].verdict);

      g_test_message ("salvectl check %s", rows[i].args);
      g_ptr_array_add (args, (gpointer) "--db");
      g_ptr_array_add (args, f->db);
      g_ptr_array_add (args, (gpointer) "check");
      for (guint w = 0; words[w]; w++)
        g_ptr_array_add (args, words[w]);
      g_ptr_array_add (args, NULL);

      g_assert_cmpint (salve_test_run_salvectlv (&out, NULL, (const char * const *) args->pdata), ==, rows[i].exit_code);
      g_assert_cmpstr (last_line (out), ==, expected);
      if (rows[i].rule != NULL)
        g_assert_nonnull (strstr (out, rows[i].rule));
    }
}

static void
test_check_usage_errors (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *err1 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *err3 = NULL;
  g_autofree char *err4 = NULL;
  g_autofree char *err5 = NULL;

  /* Unknown ids are usage errors that list the valid ones. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err1, "--db", f->db, "check", "--modality", "ultrasound",
                                            "--site", "knee", NULL), ==, 2);
  g_assert_nonnull (strstr (err1, "tens, nmes, laser, pemf"));
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err2, "--db", f->db, "check", "--modality", "tens",
                                            "--site", "toe", NULL), ==, 2);
  g_assert_nonnull (strstr (err2, "lower-back"));
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err3, "--db", f->db, "check", "--modality", "tens",
                                            "--site", "knee", "--condition", "diabetes", NULL), ==, 2);
  g_assert_nonnull (strstr (err3, "reduced-sensation"));
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err4, "--db", f->db, "check", "--modality", "tens",
                                            "--site", "knee", "--intensity-ma", "lots", NULL), ==, 2);
  g_assert_nonnull (strstr (err4, "lots"));
  /* Points are counted: 2.5 ran as 2 without a word. */
  {
    g_autofree char *half = NULL;

    g_assert_cmpint (salve_test_run_salvectl (NULL, &half, "--db", f->db, "check", "--modality", "laser",
                                              "--site", "foot", "--power-mw", "100", "--dose-j", "0.2",
                                              "--points", "2.5", NULL), ==, 2);
    g_assert_nonnull (strstr (half, "--points must be a whole number of points, not “2.5”"));
  }
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err5, "--db", f->db, "check", "--modality", "tens",
                                            "--site", "knee", "--power-mw", "100", NULL), ==, 2);
  g_assert_nonnull (strstr (err5, "--power-mw"));
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "check", "--site", "knee", NULL), ==, 2);
  /* A device name that was never there is not one that "no longer
   * exists", and the words say what it is for without an article that
   * fits one name only ("a NMES"). */
  {
    g_autofree char *unknown = NULL;
    g_autofree char *other = NULL;

    g_assert_cmpint (salve_test_run_salvectl (NULL, &unknown, "--db", f->db, "check", "--modality", "tens",
                                              "--site", "knee", "--device", "Nowhere TENS", NULL), ==, 1);
    g_assert_nonnull (strstr (unknown, "There is no device called “Nowhere TENS”."));
    g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "devices", "add", "My NMES",
                                              "--modality", "nmes", NULL), ==, 0);
    g_assert_cmpint (salve_test_run_salvectl (NULL, &other, "--db", f->db, "check", "--modality", "tens",
                                              "--site", "knee", "--device", "my nmes", NULL), ==, 2);
    g_assert_nonnull (strstr (other, "“My NMES” is for NMES, not for TENS"));
  }
}

static void
test_check_json (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonObject *finding;

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "check", "--json", "--modality", "pemf",
                                            "--site", "knee", "--condition", "pregnancy", NULL), ==, 4);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "verdict"), ==, "blocked");
  g_assert_cmpstr (json_object_get_string_member (root, "site"), ==, "knee");
  finding = json_array_get_object_element (json_object_get_array_member (root, "findings"), 0);
  g_assert_cmpstr (json_object_get_string_member (finding, "rule"), ==, "pemf-pregnancy");
  g_assert_cmpstr (json_object_get_string_member (finding, "severity"), ==, "block");
  g_assert_cmpstr (json_object_get_string_member (finding, "condition"), ==, "pregnancy");
}

static void
test_profile_set_and_check (Fixture       *f,
                            gconstpointer  data)
{
  const char *all_no[] = { "pacemaker", "defibrillator", "other-implant", "thrombosis", "epilepsy",
                           "malignancy", "bleeding", "arrhythmia", "reduced-sensation", "broken-skin",
                           "infection", "hyperthyroidism", "photosensitivity" };
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *json = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *conditions;
  JsonObject *pregnancy;

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "profile", "add", "Anneke", NULL), ==, 0);

  /* A fresh profile has answered nothing: unknown blocks where yes would. */
  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "check", "--modality", "pemf",
                                            "--site", "knee", "--profile", "Anneke", NULL), ==, 4);
  g_assert_nonnull (strstr (out, "Not answered yet"));

  g_ptr_array_add (args, g_strdup ("--db"));
  g_ptr_array_add (args, g_strdup (f->db));
  g_ptr_array_add (args, g_strdup ("profile"));
  g_ptr_array_add (args, g_strdup ("set"));
  g_ptr_array_add (args, g_strdup ("Anneke"));
  g_ptr_array_add (args, g_strdup ("--answered-by"));
  g_ptr_array_add (args, g_strdup ("Marieke"));
  for (guint i = 0; i < G_N_ELEMENTS (all_no); i++)
    {
      g_ptr_array_add (args, g_strdup ("--condition"));
      g_ptr_array_add (args, g_strdup_printf ("%s=no", all_no[i]));
    }
  g_ptr_array_add (args, g_strdup ("--condition"));
  g_ptr_array_add (args, g_strdup ("pregnancy=yes"));
  g_ptr_array_add (args, NULL);
  g_assert_cmpint (salve_test_run_salvectlv (NULL, NULL, (const char * const *) args->pdata), ==, 0);

  /* The profile's answers count: pregnancy blocks PEMF anywhere, TENS
   * only on the abdominal region. */
  g_assert_cmpint (salve_test_run_salvectl (&out2, NULL, "--db", f->db, "check", "--modality", "tens",
                                            "--site", "knee", "--profile", "Anneke", NULL), ==, 0);
  g_assert_cmpstr (out2, ==, "verdict: allowed\n");
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "check", "--modality", "pemf",
                                            "--site", "knee", "--profile", "Anneke", NULL), ==, 4);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "check", "--modality", "tens",
                                            "--site", "abdomen", "--profile", "Anneke", NULL), ==, 4);

  g_assert_cmpint (salve_test_run_salvectl (&shown, NULL, "--db", f->db, "profile", "show", "Anneke", NULL), ==, 0);
  g_assert_nonnull (strstr (shown, "pregnancy"));
  g_assert_nonnull (strstr (shown, "Marieke"));

  g_assert_cmpint (salve_test_run_salvectl (&json, NULL, "--db", f->db, "profile", "show", "Anneke", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  conditions = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "conditions");
  pregnancy = json_object_get_object_member (conditions, "pregnancy");
  g_assert_cmpstr (json_object_get_string_member (pregnancy, "answer"), ==, "yes");
  g_assert_cmpstr (json_object_get_string_member (pregnancy, "answered_by"), ==, "Marieke");

  /* A --condition may add a risk to the profile's answers, never take
   * one back. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "check", "--modality", "tens",
                                            "--site", "lower-back", "--profile", "Anneke",
                                            "--condition", "pregnancy=no", NULL), ==, 4);
  g_assert_nonnull (strstr (err, "note: pregnancy stays as the profile has it"));
  g_clear_pointer (&err, g_free);

  /* The profile ceiling blocks above it. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "profile", "set", "Anneke",
                                            "--ceiling-ma", "12", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "check", "--modality", "tens", "--site", "knee",
                                            "--profile", "Anneke", "--intensity-ma", "14", NULL), ==, 4);

  /* A bad answer changes nothing and is a usage error. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "profile", "set", "Anneke",
                                            "--condition", "pregnancy=maybe", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "maybe"));
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "profile", "set", "Anneke",
                                            "--condition", "malignancy@knee", NULL), ==, 2);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "profile", "set", "Anneke",
                                            "--condition", "tumour=yes", NULL), ==, 2);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "profile", "set", "Nobody",
                                            "--condition", "pregnancy=no", NULL), ==, 1);

  /* One answer and one place per question: a second place would take
   * the first's, and a no at one place would clear them all. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "profile", "set", "Anneke",
                                            "--condition", "malignancy=yes@knee",
                                            "--condition", "malignancy=yes@shoulder", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "malignancy is given twice"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "profile", "set", "Anneke",
                                            "--condition", "malignancy=no@knee", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "a no counts everywhere"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "profile", "set", "Anneke",
                                            "--condition", "pacemaker=yes@knee", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "pacemaker takes no place"));
  g_clear_pointer (&err, g_free);
  /* A place where another was: said, as the first no longer holds. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "profile", "set", "Anneke",
                                            "--condition", "malignancy=yes@knee", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "profile", "set", "Anneke",
                                            "--condition", "malignancy=yes@shoulder", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "note: malignancy held for Knee; it now holds for Shoulder only."));
}

static void
test_check_laser_once_a_day_from_sessions (Fixture       *f,
                                           gconstpointer  data)
{
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(SalveSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *knee = NULL;

  db = salve_db_open (f->db, &error);
  g_assert_no_error (error);
  profile = salve_profile_repo_add (db, "Anneke", &error);
  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    g_assert_true (salve_condition_repo_set (db, salve_profile_get_id (profile), c, SALVE_ANSWER_NO,
                                             SALVE_N_SITES, "", &error));

  g_assert_cmpint (salve_test_run_salvectl (&before, NULL, "--db", f->db, "check", "--modality", "laser",
                                            "--site", "elbow", "--profile", "Anneke", NULL), ==, 3);
  g_assert_null (strstr (before, "laser-once-a-day"));

  /* A laser session on the elbow earlier today makes a second one a caution. */
  session = salve_session_new (SALVE_MODALITY_LASER, SALVE_SITE_ELBOW);
  salve_session_set_profile_id (session, salve_profile_get_id (profile));
  g_assert_true (salve_session_repo_create (db, session, &error));
  g_assert_true (salve_session_repo_mark_started (db, salve_session_get_id (session), NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (salve_test_run_salvectl (&after, NULL, "--db", f->db, "check", "--modality", "laser",
                                            "--site", "elbow", "--profile", "Anneke", NULL), ==, 3);
  g_assert_nonnull (strstr (after, "laser-once-a-day"));
  g_assert_cmpint (salve_test_run_salvectl (&knee, NULL, "--db", f->db, "check", "--modality", "laser",
                                            "--site", "knee", "--profile", "Anneke", NULL), ==, 3);
  g_assert_null (strstr (knee, "laser-once-a-day"));
}

/* Numbness the diary noted this week stops TENS where it was noted, as the
 * warning sign's advice says, and nowhere else; a week later, with the
 * checklist answered since, it no longer counts. */
static void
test_check_diary_numbness (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) last_week = g_date_time_add_days (now, -7);
  g_autofree char *old = g_date_time_format (last_week, "%Y-%m-%dT%H:%M");
  g_autofree char *back = NULL;
  g_autofree char *noted = NULL;
  g_autofree char *knee = NULL;

  db = salve_db_open (f->db, &error);
  g_assert_no_error (error);
  profile = salve_profile_repo_add (db, "Karin", &error);

  /* Seven days ago at this hour is outside the week (today and the six
   * before), and the checklist was answered after it was typed. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "diary", "add", "--profile", "Karin",
                                            "--pain", "5", "--region", "lower-back", "--numbness",
                                            "--at", old, NULL), ==, 0);
  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    g_assert_true (salve_condition_repo_set (db, salve_profile_get_id (profile), c, SALVE_ANSWER_NO,
                                             SALVE_N_SITES, "", &error));
  g_assert_cmpint (salve_test_run_salvectl (&back, NULL, "--db", f->db, "check", "--modality", "tens",
                                            "--site", "lower-back", "--profile", "Karin", NULL), ==, 0);
  g_assert_null (strstr (back, "diary-numbness"));
  g_clear_pointer (&back, g_free);

  g_assert_cmpint (salve_test_run_salvectl (NULL, &noted, "--db", f->db, "diary", "add", "--profile", "Karin",
                                            "--pain", "5", "--region", "lower-back", "--numbness", NULL), ==, 0);
  /* Said as it is noted, with or without a care plan (Karin has none). */
  g_assert_nonnull (strstr (noted, "note: You noted numbness or loss of feeling. Stop stimulation on that area "
                                   "and see your doctor about it.\n"));
  g_assert_cmpint (salve_test_run_salvectl (&back, NULL, "--db", f->db, "check", "--modality", "tens",
                                            "--site", "lower-back", "--profile", "Karin", NULL), ==, 4);
  g_assert_nonnull (strstr (back, "block   diary-numbness: On "));
  g_assert_nonnull (strstr (back, "until your doctor has looked at it"));
  g_assert_cmpint (salve_test_run_salvectl (&knee, NULL, "--db", f->db, "check", "--modality", "tens",
                                            "--site", "knee", "--profile", "Karin", NULL), ==, 0);
  g_assert_null (strstr (knee, "diary-numbness"));

  /* Noted at a place Salve has no site for: a caution everywhere, and it
   * does not say that the entry named no place. */
  {
    g_autofree char *thigh = NULL;

    g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "diary", "add", "--profile", "Karin",
                                              "--pain", "5", "--region", "right thigh", "--numbness", NULL), ==, 0);
    g_assert_cmpint (salve_test_run_salvectl (&thigh, NULL, "--db", f->db, "check", "--modality", "tens",
                                              "--site", "knee", "--profile", "Karin", NULL), ==, 3);
    g_assert_nonnull (strstr (thigh, "without saying where, or at a place Salve cannot match to a treatment site"));
  }
}

/* Whether `check` blocks TENS at @site for Karin's diary numbness. */
static void
expect_numbness_block (Fixture    *f,
                       const char *site,
                       gboolean    blocked)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "check", "--modality", "tens",
                                            "--site", site, "--profile", "Karin", NULL), ==, blocked ? 4 : 0);
  if (blocked)
    g_assert_nonnull (strstr (out, "block   diary-numbness: On "));
  else
    g_assert_null (strstr (out, "diary-numbness"));
}

/* Numbness noted before the week still stops TENS where it was noted
 * when the checklist's question about reduced sensation was answered
 * before the entry: the advice is to stop until a doctor has looked at
 * it, and only the answer given after it says so. That answer stands. */
static void
test_check_numbness_until_answered (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(SalveDb) db = NULL;
  g_autoptr(SalveProfile) profile = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) ten_days_ago = g_date_time_add_days (now, -10);
  g_autofree char *old = g_date_time_format (ten_days_ago, "%Y-%m-%dT%H:%M");
  g_autofree char *backdate = NULL;
  g_autofree char *blocked = NULL;
  g_autofree char *knee = NULL;
  g_autofree char *answered_no = NULL;
  g_autofree char *answered_yes = NULL;
  gint64 id;

  db = salve_db_open (f->db, &error);
  g_assert_no_error (error);
  profile = salve_profile_repo_add (db, "Karin", &error);
  id = salve_profile_get_id (profile);
  for (guint c = 0; c < SALVE_N_CONDITIONS; c++)
    g_assert_true (salve_condition_repo_set (db, id, c, SALVE_ANSWER_NO, SALVE_N_SITES, "", &error));
  backdate = g_strdup_printf ("UPDATE profile_conditions SET answered_at = '2020-01-06T10:00:00+01:00' "
                              "WHERE profile_id = %" G_GINT64_FORMAT, id);
  g_assert_true (salve_db_exec (db, backdate, &error));

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "diary", "add", "--profile", "Karin",
                                            "--pain", "5", "--region", "lower-back", "--numbness",
                                            "--at", old, NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (&blocked, NULL, "--db", f->db, "check", "--modality", "tens",
                                            "--site", "lower-back", "--profile", "Karin", NULL), ==, 4);
  g_assert_nonnull (strstr (blocked, "block   diary-numbness: On "));
  g_assert_nonnull (strstr (blocked, "until the checklist’s question about reduced sensation is answered again"));
  g_assert_cmpint (salve_test_run_salvectl (&knee, NULL, "--db", f->db, "check", "--modality", "tens",
                                            "--site", "knee", "--profile", "Karin", NULL), ==, 0);
  g_assert_null (strstr (knee, "diary-numbness"));

  /* Answered again (the doctor has looked at it): no reduced sensation. */
  g_assert_true (salve_condition_repo_set (db, id, SALVE_CONDITION_REDUCED_SENSATION, SALVE_ANSWER_NO,
                                           SALVE_N_SITES, "", &error));
  g_assert_cmpint (salve_test_run_salvectl (&answered_no, NULL, "--db", f->db, "check", "--modality", "tens",
                                            "--site", "lower-back", "--profile", "Karin", NULL), ==, 0);
  g_assert_null (strstr (answered_no, "diary-numbness"));

  /* Or reduced sensation after all: its own caution, no block. */
  g_assert_true (salve_condition_repo_set (db, id, SALVE_CONDITION_REDUCED_SENSATION, SALVE_ANSWER_YES,
                                           SALVE_N_SITES, "", &error));
  g_assert_cmpint (salve_test_run_salvectl (&answered_yes, NULL, "--db", f->db, "check", "--modality", "tens",
                                            "--site", "lower-back", "--profile", "Karin", NULL), ==, 3);
  g_assert_null (strstr (answered_yes, "diary-numbness"));
  g_assert_nonnull (strstr (answered_yes, "reduced-sensation"));

  /* Typed after the answer, though dated before it: whoever answered
   * had not seen it. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "diary", "add", "--profile", "Karin",
                                            "--pain", "5", "--region", "lower-back", "--numbness",
                                            "--at", old, NULL), ==, 0);
  expect_numbness_block (f, "lower-back", TRUE);
  /* "Not sure" says nobody has looked. */
  g_assert_true (salve_condition_repo_set (db, id, SALVE_CONDITION_REDUCED_SENSATION, SALVE_ANSWER_UNKNOWN,
                                           SALVE_N_SITES, "", &error));
  expect_numbness_block (f, "lower-back", TRUE);
  g_assert_true (salve_condition_repo_set (db, id, SALVE_CONDITION_REDUCED_SENSATION, SALVE_ANSWER_NO,
                                           SALVE_N_SITES, "", &error));
  expect_numbness_block (f, "lower-back", FALSE);

  /* Dated ahead, as Salve takes an entry up to a day ahead: at once.
   * Tomorrow at 00:00, so that it is a day ahead whatever the hour. */
  {
    g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
    g_autofree char *ahead = g_date_time_format (tomorrow, "%Y-%m-%dT00:00");

    g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "diary", "add", "--profile", "Karin",
                                              "--pain", "5", "--region", "knee", "--numbness",
                                              "--at", ahead, NULL), ==, 0);
    expect_numbness_block (f, "knee", TRUE);
  }

  /* Noted by an edit of an entry older than the answer: not seen by it. */
  {
    g_autoptr(GDateTime) earlier = g_date_time_add_days (now, -12);
    g_autoptr(SalveDiaryEntry) entry = salve_diary_entry_new (id);
    g_autoptr(SalveDiaryEntry) edited = NULL;

    salve_diary_entry_set_at (entry, earlier);
    salve_diary_entry_set_pain (entry, 4);
    salve_diary_entry_set_region (entry, "shoulder");
    g_assert_true (salve_diary_repo_add (db, entry, &error));
    g_assert_no_error (error);
    g_assert_true (salve_condition_repo_set (db, id, SALVE_CONDITION_REDUCED_SENSATION, SALVE_ANSWER_NO,
                                             SALVE_N_SITES, "", &error));
    expect_numbness_block (f, "shoulder", FALSE);
    edited = salve_diary_repo_get (db, salve_diary_entry_get_id (entry), &error);
    g_assert_no_error (error);
    salve_diary_entry_set_numbness (edited, TRUE);
    g_assert_true (salve_diary_repo_update (db, edited, &error));
    g_assert_no_error (error);
    expect_numbness_block (f, "shoulder", TRUE);
  }
}

static void
test_devices (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *json = NULL;
  g_autofree char *after = NULL;
  g_autofree char *check = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "devices", "add", "Sanitas SEM 43",
                                            "--modality", "tens", "--max-intensity-ma", "30",
                                            "--electrode-cm2", "25", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "devices", "add", "BEMER Classic",
                                            "--modality", "pemf", "--max-field-ut", "150", "--port", "/dev/ttyUSB0", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "devices", "add", "X",
                                            "--modality", "ultrasound", NULL), ==, 2);

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "devices", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Sanitas SEM 43\ttens\tmanual\t"));
  g_assert_nonnull (strstr (out, "BEMER Classic\tpemf\t/dev/ttyUSB0\t"));

  g_assert_cmpint (salve_test_run_salvectl (&json, NULL, "--db", f->db, "devices", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (array, 0), "max_field_ut"), ==, 150);

  /* The device's own limit blocks a plan above it. */
  g_assert_cmpint (salve_test_run_salvectl (&check, NULL, "--db", f->db, "check", "--modality", "tens", "--site", "knee",
                                            "--device", "Sanitas SEM 43", "--intensity-ma", "35", NULL), ==, 4);
  g_assert_nonnull (strstr (check, "device-limit-intensity-ma"));

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "devices", "remove", "BEMER Classic", NULL), ==, 0);
  g_assert_cmpint (salve_test_run_salvectl (&after, NULL, "--db", f->db, "devices", "list", NULL), ==, 0);
  g_assert_null (strstr (after, "BEMER"));
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "devices", "remove", "BEMER Classic", NULL), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/cli/check/done-when", test_check_done_when);
  ADD ("/cli/check/verdicts", test_check_verdicts_and_exit_codes);
  ADD ("/cli/check/usage-errors", test_check_usage_errors);
  ADD ("/cli/check/json", test_check_json);
  ADD ("/cli/profile/set-and-check", test_profile_set_and_check);
  ADD ("/cli/check/laser-once-a-day", test_check_laser_once_a_day_from_sessions);
  ADD ("/cli/check/diary-numbness", test_check_diary_numbness);
  ADD ("/cli/check/numbness-until-answered", test_check_numbness_until_answered);
  ADD ("/cli/devices", test_devices);

#undef ADD

  return g_test_run ();
}
