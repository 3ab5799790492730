/* window-watch.c: when top-level windows appear and first get pixels
 *
 * For bench/first-window.py. Watches the X root window and prints, on
 * CLOCK_MONOTONIC in microseconds, one line per event:
 *
 *   ready                   once it listens (start programs after this)
 *   map WINDOW TIME         a top-level (not a menu or tooltip) is mapped
 *   paint WINDOW TIME       the first drawing into a mapped top-level
 *
 * "paint" is the X Damage extension's first report for the window after
 * the one that mapping it causes: the first frame the program drew,
 * whatever it put in it.
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <X11/Xlib.h>
#include <X11/extensions/Xdamage.h>

#define MAX_WINDOWS 256

typedef struct
{
  Window window;
  Damage damage;
  int    mapped;
  int    painted;
} Watched;

static Watched watched[MAX_WINDOWS];
static int n_watched;

/* A window may be gone, or be input-only (no pixels), by the time a
 * request about it arrives: not watching it is all that follows. */
static int
ignore_error (Display     *display,
              XErrorEvent *error)
{
  return 0;
}

static int damage_event;

/* Matches the damage reports of one window (XCheckIfEvent). */
static Bool
is_damage_of (Display *display,
              XEvent  *event,
              XPointer window)
{
  return event->type == damage_event + XDamageNotify &&
         ((XDamageNotifyEvent *) event)->drawable == *(Window *) window;
}

static long long
now_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static Watched *
find (Window window)
{
  for (int i = 0; i < n_watched; i++)
    if (watched[i].window == window)
      return &watched[i];

  return NULL;
}

int
main (void)
{
  Display *display = XOpenDisplay (NULL);
  int damage_error;
  Window root;

  if (display == NULL)
    {
      fprintf (stderr, "window-watch: cannot open the display\n");
      return 1;
    }
  if (!XDamageQueryExtension (display, &damage_event, &damage_error))
    {
      fprintf (stderr, "window-watch: the X server has no Damage extension\n");
      return 1;
    }

  XSetErrorHandler (ignore_error);
  root = DefaultRootWindow (display);
  XSelectInput (display, root, SubstructureNotifyMask);
  XSync (display, False);
  printf ("ready\n");
  fflush (stdout);

  for (;;)
    {
      XEvent event;
      Watched *w;

      XNextEvent (display, &event);

      if (event.type == CreateNotify && !event.xcreatewindow.override_redirect &&
          event.xcreatewindow.parent == root)
        {
          /* Watched from its creation, before anything can draw in it. */
          if (n_watched == MAX_WINDOWS)
            n_watched = 0;
          w = &watched[n_watched++];
          w->window = event.xcreatewindow.window;
          w->damage = XDamageCreate (display, w->window, XDamageReportNonEmpty);
          w->mapped = w->painted = 0;
        }
      else if (event.type == MapNotify && !event.xmap.override_redirect &&
               (w = find (event.xmap.window)) != NULL && !w->mapped)
        {
          XEvent damage;

          printf ("map %lu %lld\n", w->window, now_us ());
          /* Mapping damages the whole window. That report is in by the
           * end of a round trip, long before a program draws its frame. */
          XSync (display, False);
          while (XCheckIfEvent (display, &damage, is_damage_of, (XPointer) &w->window))
            XDamageSubtract (display, w->damage, None, None);
          w->mapped = 1;
        }
      else if (event.type == DestroyNotify && (w = find (event.xdestroywindow.window)) != NULL)
        {
          w->window = None;
        }
      else if (event.type == damage_event + XDamageNotify)
        {
          XDamageNotifyEvent *damage = (XDamageNotifyEvent *) &event;

          if ((w = find (damage->drawable)) != NULL && w->mapped && !w->painted)
            {
              w->painted = 1;
              printf ("paint %lu %lld\n", w->window, now_us ());
            }
          /* Report the next drawing too (only the first one is printed). */
          XDamageSubtract (display, damage->damage, None, None);
        }
      fflush (stdout);
    }
}
