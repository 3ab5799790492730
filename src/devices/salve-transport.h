/* salve-transport.h: a byte pipe to a stimulator, behind a small vtable
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SALVE_TRANSPORT_ERROR (salve_transport_error_quark ())

typedef enum
{
  SALVE_TRANSPORT_ERROR_OPEN,    /* no such port, busy, or not a tty */
  SALVE_TRANSPORT_ERROR_CLOSED,  /* the other end went away (EIO, HUP) */
  SALVE_TRANSPORT_ERROR_IO,      /* any other read or write failure */
  SALVE_TRANSPORT_ERROR_TIMEOUT, /* a blocking write did not finish in time */
} SalveTransportError;

typedef struct _SalveTransport SalveTransport;

/* The protocol code only talks to this; tests can put anything behind it. */
typedef struct
{
  /* "libserialport" or "pty": for logs and tests. */
  const char *kind;
  /* Non-blocking: return the number of bytes moved, 0 when the call would
   * block, -1 with @error set on failure. */
  gssize   (*read)           (SalveTransport *transport,
                              guint8         *buffer,
                              gsize           size,
                              GError        **error);
  gssize   (*write)          (SalveTransport *transport,
                              const guint8   *data,
                              gsize           length,
                              GError        **error);
  /* For exit paths only: writes everything or gives up after @timeout_ms. */
  gboolean (*write_blocking) (SalveTransport *transport,
                              const guint8   *data,
                              gsize           length,
                              guint           timeout_ms,
                              GError        **error);
  /* The file descriptor to watch with g_unix_fd_add. */
  int      (*get_fd)         (SalveTransport *transport);
  void     (*close)          (SalveTransport *transport);
} SalveTransportVTable;

struct _SalveTransport
{
  const SalveTransportVTable *vtable;
  char                       *path;
};

GQuark          salve_transport_error_quark    (void);

/* Opens @path exclusively, 115200 8N1, no flow control, non-blocking.
 * Real serial ports go through libserialport. libserialport 0.1.1 refuses
 * pseudo-terminals (the simulator's, socat's), so when it fails on a pty
 * the port is opened with plain termios instead. */
SalveTransport *salve_transport_open            (const char      *path,
                                                 GError         **error);
SalveTransport *salve_transport_open_serialport (const char      *path,
                                                 GError         **error);
SalveTransport *salve_transport_open_pty        (const char      *path,
                                                 GError         **error);
/* TRUE when @path (after symlinks) is a Unix98 pseudo-terminal slave. */
gboolean        salve_transport_path_is_pty     (const char      *path);
/* libserialport's message for its last failure, as a newly allocated
 * string (g_free). */
char           *salve_transport_dup_sp_error_message (void);

static inline const char *
salve_transport_get_kind (SalveTransport *transport)
{
  return transport->vtable->kind;
}

gssize          salve_transport_read            (SalveTransport  *transport,
                                                 guint8          *buffer,
                                                 gsize            size,
                                                 GError         **error);
gssize          salve_transport_write           (SalveTransport  *transport,
                                                 const guint8    *data,
                                                 gsize            length,
                                                 GError         **error);
gboolean        salve_transport_write_blocking  (SalveTransport  *transport,
                                                 const guint8    *data,
                                                 gsize            length,
                                                 guint            timeout_ms,
                                                 GError         **error);
int             salve_transport_get_fd          (SalveTransport  *transport);
/* Closes and frees. */
void            salve_transport_free            (SalveTransport  *transport);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SalveTransport, salve_transport_free)

G_END_DECLS
