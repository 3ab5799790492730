/* salve-transport.c: libserialport and pseudo-terminal transports
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-transport"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <libserialport.h>

#include "salve-transport.h"

#define BAUD_RATE 115200

G_DEFINE_QUARK (salve-transport-error-quark, salve_transport_error)

/* sp_last_error_message() returns strerror()'s buffer on Unix: copy it
 * and hand it back through libserialport's own free. */
char *
salve_transport_dup_sp_error_message (void)
{
  char *message = sp_last_error_message ();
  char *copy = g_strdup (message);

  sp_free_error_message (message);
  return copy;
}

/* Unix98 pty slaves: majors 136–143 (Documentation/admin-guide/devices.txt). */
#define PTY_SLAVE_MAJOR_FIRST 136
#define PTY_SLAVE_MAJOR_LAST  143

gboolean
salve_transport_path_is_pty (const char *path)
{
  struct stat st;

  if (path == NULL || stat (path, &st) != 0 || !S_ISCHR (st.st_mode))
    return FALSE;

  return major (st.st_rdev) >= PTY_SLAVE_MAJOR_FIRST && major (st.st_rdev) <= PTY_SLAVE_MAJOR_LAST;
}

static gssize
fd_read (int       fd,
         guint8   *buffer,
         gsize     size,
         GError  **error)
{
  gssize n = read (fd, buffer, size);

  if (n > 0)
    return n;
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return 0;
  /* 0 from a tty, or EIO: the other side hung up. */
  if (n == 0 || errno == EIO)
    {
      g_set_error (error, SALVE_TRANSPORT_ERROR, SALVE_TRANSPORT_ERROR_CLOSED,
                   _("The port was closed"));
      return -1;
    }
  g_set_error (error, SALVE_TRANSPORT_ERROR, SALVE_TRANSPORT_ERROR_IO,
               _("Could not read from the port: %s"), g_strerror (errno));
  return -1;
}

static gssize
fd_write (int            fd,
          const guint8  *data,
          gsize          length,
          GError       **error)
{
  gssize n = write (fd, data, length);

  if (n >= 0)
    return n;
  if (errno == EAGAIN || errno == EINTR)
    return 0;
  g_set_error (error, SALVE_TRANSPORT_ERROR,
               errno == EIO ? SALVE_TRANSPORT_ERROR_CLOSED : SALVE_TRANSPORT_ERROR_IO,
               _("Could not write to the port: %s"), g_strerror (errno));
  return -1;
}

static gboolean
fd_write_blocking (int            fd,
                   const guint8  *data,
                   gsize          length,
                   guint          timeout_ms,
                   GError       **error)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gsize done = 0;

  while (done < length)
    {
      struct pollfd pfd = { fd, POLLOUT, 0 };
      gint64 left = deadline - g_get_monotonic_time ();
      gssize n;

      if (left <= 0)
        {
          g_set_error (error, SALVE_TRANSPORT_ERROR, SALVE_TRANSPORT_ERROR_TIMEOUT,
                       _("Writing to the port timed out"));
          return FALSE;
        }
      if (poll (&pfd, 1, (int) MAX (1, left / 1000)) < 0 && errno != EINTR)
        break;
      n = fd_write (fd, data + done, length - done, error);
      if (n < 0)
        return FALSE;
      done += n;
    }

  return done == length;
}

/* libserialport */

typedef struct
{
  SalveTransport   parent;
  struct sp_port  *port;
  int              fd;
} SerialTransport;

static gssize
serial_read (SalveTransport  *transport,
             guint8          *buffer,
             gsize            size,
             GError         **error)
{
  SerialTransport *self = (SerialTransport *) transport;
  enum sp_return ret = sp_nonblocking_read (self->port, buffer, size);

  if (ret > 0)
    return ret;
  if (ret == 0)
    {
      /* libserialport cannot tell "nothing yet" from a hang-up: ask the fd. */
      struct pollfd pfd = { self->fd, POLLIN, 0 };

      if (poll (&pfd, 1, 0) > 0 && (pfd.revents & (POLLHUP | POLLERR)))
        {
          g_set_error (error, SALVE_TRANSPORT_ERROR, SALVE_TRANSPORT_ERROR_CLOSED,
                       _("The port was closed"));
          return -1;
        }
      return 0;
    }

  g_set_error (error, SALVE_TRANSPORT_ERROR,
               sp_last_error_code () == EIO ? SALVE_TRANSPORT_ERROR_CLOSED : SALVE_TRANSPORT_ERROR_IO,
               _("Could not read from the port: %s"), g_strerror (sp_last_error_code ()));
  return -1;
}

static gssize
serial_write (SalveTransport  *transport,
              const guint8    *data,
              gsize            length,
              GError         **error)
{
  SerialTransport *self = (SerialTransport *) transport;
  enum sp_return ret = sp_nonblocking_write (self->port, data, length);

  if (ret >= 0)
    return ret;

  g_set_error (error, SALVE_TRANSPORT_ERROR,
               sp_last_error_code () == EIO ? SALVE_TRANSPORT_ERROR_CLOSED : SALVE_TRANSPORT_ERROR_IO,
               _("Could not write to the port: %s"), g_strerror (sp_last_error_code ()));
  return -1;
}

static gboolean
serial_write_blocking (SalveTransport  *transport,
                       const guint8    *data,
                       gsize            length,
                       guint            timeout_ms,
                       GError         **error)
{
  SerialTransport *self = (SerialTransport *) transport;
  enum sp_return ret = sp_blocking_write (self->port, data, length, timeout_ms);

  if (ret == (enum sp_return) length)
    return TRUE;

  g_set_error (error, SALVE_TRANSPORT_ERROR,
               ret < 0 ? SALVE_TRANSPORT_ERROR_IO : SALVE_TRANSPORT_ERROR_TIMEOUT,
               _("Could not write to the port"));
  return FALSE;
}

static int
serial_get_fd (SalveTransport *transport)
{
  return ((SerialTransport *) transport)->fd;
}

static void
serial_close (SalveTransport *transport)
{
  SerialTransport *self = (SerialTransport *) transport;

  if (self->port != NULL)
    {
      sp_close (self->port);
      sp_free_port (self->port);
      self->port = NULL;
    }
}

static const SalveTransportVTable serial_vtable = {
  "libserialport",
  serial_read,
  serial_write,
  serial_write_blocking,
  serial_get_fd,
  serial_close,
};

static gboolean
open_failed (GError     **error,
             const char  *path,
             const char  *why)
{
  g_set_error (error, SALVE_TRANSPORT_ERROR, SALVE_TRANSPORT_ERROR_OPEN,
               _("Could not open “%s”: %s"), path, why);
  return FALSE;
}

/* One program per port: a second Salve (or anyone else taking the lock)
 * is refused. TIOCEXCL stops other opens of the tty except by root. */
static gboolean
lock_exclusive (int          fd,
                const char  *path,
                GError     **error)
{
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    return open_failed (error, path, _("another program is using the port"));
  ioctl (fd, TIOCEXCL);

  return TRUE;
}

SalveTransport *
salve_transport_open_serialport (const char  *path,
                                 GError     **error)
{
  g_autofree SerialTransport *self = g_new0 (SerialTransport, 1);
  struct sp_port *port = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (sp_get_port_by_name (path, &port) != SP_OK)
    {
      g_autofree char *message = salve_transport_dup_sp_error_message ();
      open_failed (error, path, message ? message : _("no such serial port"));
      return NULL;
    }

  if (sp_open (port, SP_MODE_READ_WRITE) != SP_OK)
    {
      g_autofree char *message = salve_transport_dup_sp_error_message ();
      open_failed (error, path, message ? message : _("cannot open the serial port"));
      sp_free_port (port);
      return NULL;
    }

  self->port = port;
  self->parent.vtable = &serial_vtable;
  self->parent.path = g_strdup (path);

  if (sp_get_port_handle (port, &self->fd) != SP_OK ||
      !lock_exclusive (self->fd, path, error))
    {
      salve_transport_free (&self->parent);
      self = NULL;
      if (error != NULL && *error == NULL)
        open_failed (error, path, _("no file descriptor"));
      return NULL;
    }

  if (sp_set_baudrate (port, BAUD_RATE) != SP_OK ||
      sp_set_bits (port, 8) != SP_OK ||
      sp_set_parity (port, SP_PARITY_NONE) != SP_OK ||
      sp_set_stopbits (port, 1) != SP_OK ||
      sp_set_flowcontrol (port, SP_FLOWCONTROL_NONE) != SP_OK)
    {
      g_autofree char *message = salve_transport_dup_sp_error_message ();
      open_failed (error, path, message ? message : _("cannot set 115200 8N1"));
      salve_transport_free (&self->parent);
      self = NULL;
      return NULL;
    }

  /* The main loop polls the fd: reads must never block it. */
  fcntl (self->fd, F_SETFL, fcntl (self->fd, F_GETFL) | O_NONBLOCK);

  return &g_steal_pointer (&self)->parent;
}

/* A plain termios fd, for pseudo-terminals. */

typedef struct
{
  SalveTransport parent;
  int            fd;
} PtyTransport;

static gssize
pty_read (SalveTransport  *transport,
          guint8          *buffer,
          gsize            size,
          GError         **error)
{
  return fd_read (((PtyTransport *) transport)->fd, buffer, size, error);
}

static gssize
pty_write (SalveTransport  *transport,
           const guint8    *data,
           gsize            length,
           GError         **error)
{
  return fd_write (((PtyTransport *) transport)->fd, data, length, error);
}

static gboolean
pty_write_blocking (SalveTransport  *transport,
                    const guint8    *data,
                    gsize            length,
                    guint            timeout_ms,
                    GError         **error)
{
  return fd_write_blocking (((PtyTransport *) transport)->fd, data, length, timeout_ms, error);
}

static int
pty_get_fd (SalveTransport *transport)
{
  return ((PtyTransport *) transport)->fd;
}

static void
pty_close (SalveTransport *transport)
{
  PtyTransport *self = (PtyTransport *) transport;

  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
}

static const SalveTransportVTable pty_vtable = {
  "pty",
  pty_read,
  pty_write,
  pty_write_blocking,
  pty_get_fd,
  pty_close,
};

SalveTransport *
salve_transport_open_pty (const char  *path,
                          GError     **error)
{
  PtyTransport *self;
  struct termios tio;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = open (path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      open_failed (error, path, g_strerror (errno));
      return NULL;
    }
  if (!isatty (fd) || tcgetattr (fd, &tio) != 0)
    {
      close (fd);
      open_failed (error, path, _("not a terminal"));
      return NULL;
    }
  if (!lock_exclusive (fd, path, error))
    {
      close (fd);
      return NULL;
    }

  cfmakeraw (&tio);
  tio.c_cflag |= CLOCAL | CREAD;
  tio.c_cflag &= ~(CRTSCTS | CSTOPB | PARENB);
  cfsetispeed (&tio, B115200);
  cfsetospeed (&tio, B115200);
  tcsetattr (fd, TCSANOW, &tio);

  self = g_new0 (PtyTransport, 1);
  self->parent.vtable = &pty_vtable;
  self->parent.path = g_strdup (path);
  self->fd = fd;

  return &self->parent;
}

SalveTransport *
salve_transport_open (const char  *path,
                      GError     **error)
{
  g_autoptr(GError) serial_error = NULL;
  SalveTransport *transport;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);

  /* libserialport reports a missing port with whatever errno was last
   * ("Success"): say the real reason. */
  if (stat (path, &st) != 0)
    {
      int errsv = errno;
      open_failed (error, path, g_strerror (errsv));
      return NULL;
    }

  transport = salve_transport_open_serialport (path, &serial_error);
  if (transport != NULL)
    return transport;

  /* libserialport 0.1.1 refuses ptys (no /sys/class/tty entry, no
   * TIOCMGET): those get a plain termios fd. */
  if (salve_transport_path_is_pty (path))
    {
      g_debug ("libserialport refused %s (%s); opening it as a pty", path, serial_error->message);
      return salve_transport_open_pty (path, error);
    }

  g_propagate_error (error, g_steal_pointer (&serial_error));
  return NULL;
}

gssize
salve_transport_read (SalveTransport  *transport,
                      guint8          *buffer,
                      gsize            size,
                      GError         **error)
{
  return transport->vtable->read (transport, buffer, size, error);
}

gssize
salve_transport_write (SalveTransport  *transport,
                       const guint8    *data,
                       gsize            length,
                       GError         **error)
{
  return transport->vtable->write (transport, data, length, error);
}

gboolean
salve_transport_write_blocking (SalveTransport  *transport,
                                const guint8    *data,
                                gsize            length,
                                guint            timeout_ms,
                                GError         **error)
{
  return transport->vtable->write_blocking (transport, data, length, timeout_ms, error);
}

int
salve_transport_get_fd (SalveTransport *transport)
{
  return transport->vtable->get_fd (transport);
}

void
salve_transport_free (SalveTransport *transport)
{
  if (transport == NULL)
    return;

  transport->vtable->close (transport);
  g_free (transport->path);
  g_free (transport);
}
