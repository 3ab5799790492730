/* salve-test-sim.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gio/gio.h>
#include <gio/gunixfdlist.h>
#include <glib/gstdio.h>

#include "salve-test-sim.h"
#include "salve-test-util.h"

/* A test that fails must not leave a simulator or host behind (holding
 * the test's output pipe open, so the runner would wait for ever). */
void
salve_test_child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

gint64
salve_test_now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

SalveTestSim *
salve_test_sim_start (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  SalveTestSim *sim = g_new0 (SalveTestSim, 1);
  const char *program = g_getenv ("SALVE_STIM_SIM");
  char line[256] = "";
  FILE *out;
  int out_fd = -1;

  g_assert_nonnull (program);
  sim->dir = salve_test_make_tmpdir ();
  sim->log_path = g_build_filename (sim->dir, "sim.jsonl", NULL);

  g_ptr_array_add (argv, (char *) program);
  g_ptr_array_add (argv, (char *) "--log");
  g_ptr_array_add (argv, sim->log_path);
  for (guint i = 0; args && args[i]; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                            salve_test_child_setup, NULL, &sim->pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);

  /* The first line is the pty path; without it there is nothing to test,
   * and that is a failure, not a skip. */
  out = fdopen (out_fd, "r");
  g_assert_nonnull (out);
  if (fgets (line, sizeof line, out) == NULL)
    g_error ("salve-stim-sim printed no pty path: no pseudo-terminal available?");
  fclose (out);
  g_strchomp (line);
  g_assert_true (g_str_has_prefix (line, "/dev/"));
  g_assert_true (g_file_test (line, G_FILE_TEST_EXISTS));
  sim->pty = g_strdup (line);

  return sim;
}

void
salve_test_sim_signal (SalveTestSim *sim,
                       int           signum)
{
  kill (sim->pid, signum);
}

void
salve_test_sim_free (SalveTestSim *sim)
{
  int status;

  if (sim == NULL)
    return;

  kill (sim->pid, SIGTERM);
  waitpid (sim->pid, &status, 0);
  g_spawn_close_pid (sim->pid);
  salve_test_remove_tree (sim->dir);
  g_free (sim->dir);
  g_free (sim->log_path);
  g_free (sim->pty);
  g_free (sim);
}

GPtrArray *
salve_test_sim_read_log (SalveTestSim *sim)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *text = NULL;
  g_auto(GStrv) split = NULL;

  if (!g_file_get_contents (sim->log_path, &text, NULL, NULL))
    return g_steal_pointer (&lines);

  split = g_strsplit (text, "\n", -1);
  for (guint i = 0; split[i]; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      /* The last line may still be being written. */
      if (split[i][0] == '\0' || split[i + 1] == NULL)
        continue;
      if (!json_parser_load_from_data (parser, split[i], -1, NULL))
        g_error ("salve-stim-sim wrote a line that is not JSON: %s", split[i]);
      g_ptr_array_add (lines, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
    }

  return g_steal_pointer (&lines);
}

guint
salve_test_sim_n_lines (SalveTestSim *sim)
{
  g_autoptr(GPtrArray) lines = salve_test_sim_read_log (sim);

  return lines->len;
}

static gboolean
line_matches (JsonObject *line,
              const char *event,
              const char *state,
              gboolean    output_zero,
              double      min_output)
{
  JsonArray *output = json_object_get_array_member (line, "output");

  if (event && g_strcmp0 (json_object_get_string_member (line, "event"), event) != 0)
    return FALSE;
  if (state && g_strcmp0 (json_object_get_string_member (line, "state"), state) != 0)
    return FALSE;
  if (output_zero)
    for (guint i = 0; i < json_array_get_length (output); i++)
      if (json_array_get_double_element (output, i) != 0)
        return FALSE;
  if (min_output > 0 && json_array_get_double_element (output, 0) < min_output)
    return FALSE;

  return TRUE;
}

gint64
salve_test_sim_wait (SalveTestSim *sim,
                     guint         after_line,
                     const char   *event,
                     const char   *state,
                     gboolean      output_zero,
                     double        min_output,
                     guint         timeout_ms)
{
  gint64 deadline = salve_test_now_ms () + timeout_ms;

  do
    {
      g_autoptr(GPtrArray) lines = salve_test_sim_read_log (sim);

      for (guint i = after_line; i < lines->len; i++)
        if (line_matches (g_ptr_array_index (lines, i), event, state, output_zero, min_output))
          return json_object_get_int_member (g_ptr_array_index (lines, i), "t_ms");

      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
  while (salve_test_now_ms () < deadline);

  return -1;
}

gint64
salve_test_sim_naks_range (SalveTestSim *sim)
{
  g_autoptr(GPtrArray) lines = salve_test_sim_read_log (sim);
  gint64 most = 0;

  for (guint i = 0; i < lines->len; i++)
    most = MAX (most, json_object_get_int_member (g_ptr_array_index (lines, i), "naks_range"));

  return most;
}

char **
salve_test_preload_environ (void)
{
  const char *preload = g_getenv ("SALVE_TEST_PRELOAD_PTY");
  const char *asan = g_getenv ("SALVE_TEST_ASAN_RUNTIME");
  g_autofree char *value = NULL;
  char **env = g_get_environ ();

  g_assert_nonnull (preload);
  g_assert_true (g_file_test (preload, G_FILE_TEST_EXISTS));

  /* Under ASan its runtime must come first in the initial library list,
   * or every sanitized program refuses to start. */
  if (asan != NULL && *asan != '\0')
    value = g_strdup_printf ("%s:%s", asan, preload);
  else
    value = g_strdup (preload);

  env = g_environ_setenv (env, "LD_PRELOAD", value, TRUE);
  return g_environ_setenv (env, "SALVE_TEST_PRELOADED", "1", TRUE);
}

void
salve_test_reexec_preloaded (int    argc,
                             char **argv)
{
  g_auto(GStrv) env = NULL;

  if (g_getenv ("SALVE_TEST_PRELOADED") != NULL)
    return;

  env = salve_test_preload_environ ();
  execve ("/proc/self/exe", argv, env);
  g_error ("could not re-execute %s under LD_PRELOAD: %s", argv[0], g_strerror (errno));
}

struct _SalveTestLogind
{
  GTestDBus       *bus;
  GDBusConnection *connection;
  GDBusNodeInfo   *info;
  guint            object_id;
  gboolean         inhibit_taken;
  GArray          *locks;  /* int: our end of each lock handed out */
};

static void
on_login1_call (GDBusConnection       *connection,
                const char            *sender,
                const char            *path,
                const char            *interface,
                const char            *method,
                GVariant              *parameters,
                GDBusMethodInvocation *invocation,
                gpointer               user_data)
{
  SalveTestLogind *logind = user_data;
  g_autoptr(GUnixFDList) fds = NULL;
  const char *what, *mode;
  int pipe_fds[2];

  g_assert_cmpstr (method, ==, "Inhibit");
  g_variant_get (parameters, "(&s&s&s&s)", &what, NULL, NULL, &mode);
  g_assert_cmpstr (what, ==, "sleep");
  g_assert_cmpstr (mode, ==, "delay");
  /* As logind does: the caller gets the writing end of a pipe, and the
   * lock is held until every copy of it is closed. */
  g_assert_true (pipe (pipe_fds) == 0);
  fds = g_unix_fd_list_new_from_array (&pipe_fds[1], 1);
  g_array_append_val (logind->locks, pipe_fds[0]);
  logind->inhibit_taken = TRUE;
  g_dbus_method_invocation_return_value_with_unix_fd_list (invocation, g_variant_new ("(h)", 0), fds);
}

SalveTestLogind *
salve_test_logind_new (void)
{
  static const char xml[] =
    "<node><interface name='org.freedesktop.login1.Manager'>"
    "<method name='Inhibit'><arg type='s' direction='in'/><arg type='s' direction='in'/>"
    "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='h' direction='out'/></method>"
    "<signal name='PrepareForSleep'><arg type='b'/></signal>"
    "</interface></node>";
  const GDBusInterfaceVTable vtable = { on_login1_call, NULL, NULL, { 0 } };
  SalveTestLogind *logind = g_new0 (SalveTestLogind, 1);
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  logind->locks = g_array_new (FALSE, FALSE, sizeof (int));
  logind->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (logind->bus);
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", g_test_dbus_get_bus_address (logind->bus), TRUE);
  logind->connection = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (logind->bus),
                                                               G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                               G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                               NULL, NULL, &error);
  g_assert_no_error (error);
  logind->info = g_dbus_node_info_new_for_xml (xml, &error);
  g_assert_no_error (error);
  logind->object_id = g_dbus_connection_register_object (logind->connection, "/org/freedesktop/login1",
                                                         logind->info->interfaces[0], &vtable, logind, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (logind->connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.login1", 0),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);

  return logind;
}

gboolean
salve_test_logind_inhibit_taken (SalveTestLogind *logind)
{
  return logind->inhibit_taken;
}

guint
salve_test_logind_n_held (SalveTestLogind *logind)
{
  guint held = 0;

  for (guint i = 0; i < logind->locks->len; i++)
    {
      struct pollfd pfd = { g_array_index (logind->locks, int, i), POLLIN, 0 };

      g_assert_cmpint (poll (&pfd, 1, 0), >=, 0);
      if (!(pfd.revents & POLLHUP))
        held++;
    }

  return held;
}

gboolean
salve_test_logind_wait_held (SalveTestLogind *logind,
                             guint            n_held,
                             guint            timeout_ms)
{
  gint64 deadline = salve_test_now_ms () + timeout_ms;

  while (salve_test_logind_n_held (logind) != n_held && salve_test_now_ms () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);

  return salve_test_logind_n_held (logind) == n_held;
}

void
salve_test_logind_prepare_for_sleep (SalveTestLogind *logind,
                                     gboolean         sleeping)
{
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (logind->connection, NULL, "/org/freedesktop/login1", "org.freedesktop.login1.Manager",
                                 "PrepareForSleep", g_variant_new ("(b)", sleeping), &error);
  g_assert_no_error (error);
  g_dbus_connection_flush_sync (logind->connection, NULL, NULL);
}

void
salve_test_logind_free (SalveTestLogind *logind)
{
  if (logind == NULL)
    return;

  g_dbus_connection_unregister_object (logind->connection, logind->object_id);
  g_clear_object (&logind->connection);
  g_clear_pointer (&logind->info, g_dbus_node_info_unref);
  g_test_dbus_down (logind->bus);
  g_clear_object (&logind->bus);
  for (guint i = 0; i < logind->locks->len; i++)
    close (g_array_index (logind->locks, int, i));
  g_array_unref (logind->locks);
  g_free (logind);
}
