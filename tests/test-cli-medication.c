/* test-cli-medication.c: salvectl medication add|list|delete
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "salve-test-util.h"

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = salve_test_make_tmpdir ();
  f->db = g_build_filename (f->dir, "salve.db", NULL);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "profile", "add", "Anna", NULL), ==, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  salve_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static JsonArray *
list_json (Fixture    *f,
           JsonParser *parser,
           const char *from)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "medication", "list", "--profile", "Anna",
                                            "--json", from ? "--from" : NULL, from, NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_node_get_array (json_parser_get_root (parser));
}

static void
test_add_list_delete (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *id = NULL;
  JsonArray *list;
  JsonObject *first;

  g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "medication", "add", "--profile", "Anna",
                                            "--name", "Paracetamol", "--dose", "500 mg",
                                            "--at", "2026-03-02T08:30+01:00", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Paracetamol"));
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "medication", "add", "--profile", "Anna",
                                            "--name", "Ibuprofen", "--at", "2026-03-04", "--as-needed",
                                            "--note", "knee", NULL), ==, 0);

  list = list_json (f, parser, NULL);
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  first = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "Paracetamol");
  g_assert_cmpstr (json_object_get_string_member (first, "dose"), ==, "500 mg");
  g_assert_cmpstr (json_object_get_string_member (first, "at"), ==, "2026-03-02T08:30:00+01:00");
  g_assert_cmpstr (json_object_get_string_member (first, "kind"), ==, "scheduled");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 1), "kind"), ==, "as-needed");
  /* A date alone is noon, as in the diary. */
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (list, 1), "at"),
                            "2026-03-04T12:00:00"));

  list = list_json (f, parser, "2026-03-03");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (json_array_get_object_element (list, 0), "id"));

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "medication", "delete", id, NULL), ==, 0);
  list = list_json (f, parser, NULL);
  g_assert_cmpuint (json_array_get_length (list), ==, 1);

  /* Gone is gone: a second delete is a runtime error. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "medication", "delete", id, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no medication intake"));
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *err = NULL;

  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "medication", "add", "--profile", "Anna",
                                            NULL), ==, 2);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "medication", "add", "--profile", "Anna",
                                            "--name", "  ", NULL), ==, 2);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "medication", "add", "--profile", "Anna",
                                            "--name", "X", "--as-needed", "--scheduled", NULL), ==, 2);
  g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "medication", "add", "--profile", "Anna",
                                            "--name", "X", "--at", "1899-12-31T10:00", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "1899"));
  g_clear_pointer (&err, g_free);
  /* A year ahead: the log records what was taken. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) next_year = g_date_time_add_years (now, 1);
    g_autofree char *at = g_date_time_format (next_year, "%Y-%m-%dT%H:%M");
    g_autofree char *out = NULL;

    g_assert_cmpint (salve_test_run_salvectl (NULL, &err, "--db", f->db, "medication", "add", "--profile", "Anna",
                                              "--name", "X", "--at", at, NULL), ==, 2);
    g_assert_nonnull (strstr (err, "--at: The day lies in the future"));
    g_assert_cmpint (salve_test_run_salvectl (&out, NULL, "--db", f->db, "medication", "list", "--profile", "Anna",
                                              NULL), ==, 0);
    g_assert_cmpstr (out, ==, "");
  }
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "medication", "delete", "abc", NULL), ==, 2);
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "medication", "frobnicate", NULL), ==, 2);
  /* Nobody called that: a runtime error, nothing added. */
  g_assert_cmpint (salve_test_run_salvectl (NULL, NULL, "--db", f->db, "medication", "add", "--profile", "Bob",
                                            "--name", "X", NULL), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/medication/add-list-delete", Fixture, NULL, fixture_setup, test_add_list_delete, fixture_teardown);
  g_test_add ("/cli/medication/usage-errors", Fixture, NULL, fixture_setup, test_usage_errors, fixture_teardown);

  return g_test_run ();
}
