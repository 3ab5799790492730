/* salve-diary-wellbeing.c
 *
 * Copyright 2026 The Salve authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "salve-diary-wellbeing"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "salve-diary-wellbeing.h"
#include "salve-snapshot.h"

/* One day's mean fatigue, sleep quality and stress (NAN: not rated that
 * day), by SalveWellbeingSeries. */
typedef struct
{
  double x;          /* the day's middle, seconds since the epoch */
  double value[SALVE_WELLBEING_N_SERIES];
} WellbeingDay;

struct _SalveDiaryWellbeing
{
  GtkWidget        parent_instance;

  SalveDiaryChart *diary_chart;
  GArray          *days;        /* WellbeingDay, in view */
  double           x0;
  double           x1;
};

G_DEFINE_FINAL_TYPE (SalveDiaryWellbeing, salve_diary_wellbeing, GTK_TYPE_WIDGET)

/* Orange, purple and teal, told apart also by the dash: fatigue solid,
 * sleep quality dashed, stress dotted. */
static const GdkRGBA series_colors[SALVE_WELLBEING_N_SERIES] = {
  [SALVE_WELLBEING_FATIGUE] = { 0.902, 0.380, 0.000, 1.0 },
  [SALVE_WELLBEING_SLEEP]   = { 0.569, 0.255, 0.675, 1.0 },
  [SALVE_WELLBEING_STRESS]  = { 0.129, 0.565, 0.643, 1.0 },
};

static const double dash_dashed[] = { 5, 3 };
static const double dash_dotted[] = { 2, 3 };

static void
set_series_dash (cairo_t              *cr,
                 SalveWellbeingSeries  series)
{
  if (series == SALVE_WELLBEING_SLEEP)
    cairo_set_dash (cr, dash_dashed, G_N_ELEMENTS (dash_dashed), 0);
  else if (series == SALVE_WELLBEING_STRESS)
    cairo_set_dash (cr, dash_dotted, G_N_ELEMENTS (dash_dotted), 0);
  else
    cairo_set_dash (cr, NULL, 0, 0);
}

/* A point's rating of @series, or -1 when not rated. */
static int
point_rating (const SalveDiaryPoint *point,
              SalveWellbeingSeries   series)
{
  int value;

  switch (series)
    {
    case SALVE_WELLBEING_FATIGUE:
      value = point->fatigue;
      break;
    case SALVE_WELLBEING_SLEEP:
      value = point->sleep_quality;
      break;
    case SALVE_WELLBEING_STRESS:
    case SALVE_WELLBEING_N_SERIES:
    default:
      value = point->stress;
      break;
    }
  return value >= 0 && value <= 10 ? value : -1;
}

#define LEGEND_HEIGHT 22.0

/* The first of @n points at or after @at; points are in time order. */
static gsize
first_point_from (const SalveDiaryPoint *points,
                  gsize                  n,
                  double                 at)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if ((double) points[mid].at_unix < at)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
update_description (SalveDiaryWellbeing *self)
{
  g_autofree char *text = NULL;

  if (self->days->len == 0)
    text = g_strdup (_("No fatigue, sleep or stress ratings in this period."));
  else
    {
      double fatigue = salve_diary_wellbeing_get_mean (self, SALVE_WELLBEING_FATIGUE);
      double sleep = salve_diary_wellbeing_get_mean (self, SALVE_WELLBEING_SLEEP);
      double stress = salve_diary_wellbeing_get_mean (self, SALVE_WELLBEING_STRESS);

      /* Translators: mean fatigue, sleep quality and stress (0–10) over the days shown, then the number of days */
      text = g_strdup_printf (_("Fatigue %.1f, sleep quality %.1f and stress %.1f on average, over %u days with ratings."),
                              isnan (fatigue) ? 0 : fatigue, isnan (sleep) ? 0 : sleep,
                              isnan (stress) ? 0 : stress, self->days->len);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

/* The daily means of the entries in view, by the diary's own days
 * (local calendar days). */
static void
recompute (SalveDiaryWellbeing *self)
{
  SalveChart *chart;
  const SalveDiaryStats *stats;
  const SalveDiaryPoint *points;
  gsize n, p;
  guint d = 0;

  g_array_set_size (self->days, 0);
  if (self->diary_chart == NULL)
    return;

  chart = salve_diary_chart_get_chart (self->diary_chart);
  stats = salve_chart_get_stats (chart);
  salve_chart_get_range (chart, &self->x0, &self->x1);
  points = salve_chart_get_points (chart, &n);
  if (stats == NULL || stats->days == NULL || n == 0)
    goto done;

  /* A day before and after the range, so that the lines leave the
   * plot at its edges rather than stopping short of them. */
  for (p = first_point_from (points, n, self->x0 - 86400); p < n; )
    {
      const SalveDiaryDay *day;
      WellbeingDay out = { 0, { NAN, NAN, NAN } };
      double sum[SALVE_WELLBEING_N_SERIES] = { 0 };
      guint count[SALVE_WELLBEING_N_SERIES] = { 0 };
      gboolean rated = FALSE;
      gint64 at = points[p].at_unix;

      if ((double) at >= self->x1 + 86400)
        break;
      while (d < stats->days->len && g_array_index (stats->days, SalveDiaryDay, d).end_unix <= at)
        d++;
      if (d == stats->days->len)
        break;
      day = &g_array_index (stats->days, SalveDiaryDay, d);
      if (at < day->start_unix)
        {
          p++;
          continue;
        }
      for (; p < n && points[p].at_unix < day->end_unix; p++)
        {
          const SalveDiaryPoint *point = &points[p];

          for (guint s = 0; s < SALVE_WELLBEING_N_SERIES; s++)
            {
              int value = point_rating (point, s);

              if (value >= 0)
                {
                  sum[s] += value;
                  count[s]++;
                  rated = TRUE;
                }
            }
        }
      if (!rated)
        continue;
      out.x = (day->start_unix + day->end_unix) / 2.0;
      for (guint s = 0; s < SALVE_WELLBEING_N_SERIES; s++)
        out.value[s] = count[s] ? sum[s] / count[s] : NAN;
      g_array_append_val (self->days, out);
    }

done:
  /* Nothing to show without ratings: the pain chart stands alone. */
  gtk_widget_set_visible (GTK_WIDGET (self), self->days->len > 0);
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
draw_series (SalveDiaryWellbeing  *self,
             cairo_t              *cr,
             SalveWellbeingSeries  series,
             double                left,
             double                top,
             double                width,
             double                height)
{
  gboolean started = FALSE;

  gdk_cairo_set_source_rgba (cr, &series_colors[series]);
  cairo_set_line_width (cr, 2);
  set_series_dash (cr, series);
  for (guint i = 0; i < self->days->len; i++)
    {
      const WellbeingDay *day = &g_array_index (self->days, WellbeingDay, i);
      double value = day->value[series];
      double x, y;

      if (isnan (value))
        continue;
      x = left + (day->x - self->x0) / (self->x1 - self->x0) * width;
      y = top + height - value / 10.0 * height;
      if (started)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      started = TRUE;
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  /* A dot per day: a single rated day shows too. */
  for (guint i = 0; i < self->days->len; i++)
    {
      const WellbeingDay *day = &g_array_index (self->days, WellbeingDay, i);
      double value = day->value[series];

      if (isnan (value))
        continue;
      cairo_new_sub_path (cr);
      cairo_arc (cr, left + (day->x - self->x0) / (self->x1 - self->x0) * width,
                 top + height - value / 10.0 * height, 2.5, 0, 2 * G_PI);
    }
  cairo_fill (cr);
}

static PangoLayout *
legend_layout (SalveDiaryWellbeing  *self,
               SalveWellbeingSeries  series)
{
  const char *names[SALVE_WELLBEING_N_SERIES] = {
    [SALVE_WELLBEING_FATIGUE] = _("Fatigue (0–10)"),
    [SALVE_WELLBEING_SLEEP] = _("Sleep quality (0–10)"),
    [SALVE_WELLBEING_STRESS] = _("Stress (0–10)"),
  };

  return gtk_widget_create_pango_layout (GTK_WIDGET (self), names[series]);
}

/* Lays the legend out from @left in @width, an item on the next line
 * when it does not fit (three names do not fit a phone's width). With
 * @cr it is drawn; either way the number of lines is returned. */
static guint
layout_legend (SalveDiaryWellbeing *self,
               cairo_t             *cr,
               const GdkRGBA       *fg,
               double               left,
               double               width)
{
  double x = left, y = 0;
  guint lines = 1;

  for (guint i = 0; i < SALVE_WELLBEING_N_SERIES; i++)
    {
      g_autoptr(PangoLayout) layout = legend_layout (self, i);
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      if (x > left && x + 24 + w > width)
        {
          x = left;
          y += LEGEND_HEIGHT;
          lines++;
        }
      if (cr != NULL)
        {
          gdk_cairo_set_source_rgba (cr, &series_colors[i]);
          cairo_set_line_width (cr, 2);
          set_series_dash (cr, i);
          cairo_move_to (cr, x, y + LEGEND_HEIGHT / 2);
          cairo_line_to (cr, x + 18, y + LEGEND_HEIGHT / 2);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          gdk_cairo_set_source_rgba (cr, fg);
          cairo_move_to (cr, x + 24, y + (LEGEND_HEIGHT - h) / 2);
          pango_cairo_show_layout (cr, layout);
        }
      x += 24 + w + 18;
    }
  return lines;
}

static void
salve_diary_wellbeing_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  SalveDiaryWellbeing *self = SALVE_DIARY_WELLBEING (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double left = 48, top, plot_width, plot_height, dummy_top, dummy_height;
  GdkRGBA fg, grid;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  grid = fg;
  grid.alpha = 0.15;

  /* The same left edge and width as the pain plot above. */
  plot_width = width - 2 * left;
  if (self->diary_chart != NULL)
    salve_chart_get_plot_area (salve_diary_chart_get_chart (self->diary_chart), width,
                               MAX (gtk_widget_get_height (GTK_WIDGET (self->diary_chart)), 200),
                               &left, &dummy_top, &plot_width, &dummy_height);
  top = layout_legend (self, NULL, NULL, left, width) * LEGEND_HEIGHT + 6;
  plot_height = height - top - 8;
  if (plot_width <= 0 || plot_height <= 0)
    return;

  cr = salve_snapshot_begin_image (widget, width, height);
  layout_legend (self, cr, &fg, left, width);

  /* 0, 5 and 10. */
  gdk_cairo_set_source_rgba (cr, &grid);
  cairo_set_line_width (cr, 1);
  for (int v = 0; v <= 10; v += 5)
    {
      double y = top + plot_height - v / 10.0 * plot_height;
      g_autofree char *label = g_strdup_printf ("%d", v);
      PangoLayout *layout = gtk_widget_create_pango_layout (widget, label);
      int w, h;

      gdk_cairo_set_source_rgba (cr, &grid);
      cairo_move_to (cr, left, floor (y) + 0.5);
      cairo_line_to (cr, left + plot_width, floor (y) + 0.5);
      cairo_stroke (cr);
      pango_layout_get_pixel_size (layout, &w, &h);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, left - w - 6, y - h / 2.0);
      pango_cairo_show_layout (cr, layout);
      g_object_unref (layout);
    }

  if (self->x1 > self->x0 && self->days->len > 0)
    {
      cairo_save (cr);
      cairo_rectangle (cr, left, 0, plot_width, height);
      cairo_clip (cr);
      for (guint s = 0; s < SALVE_WELLBEING_N_SERIES; s++)
        draw_series (self, cr, s, left, top, plot_width, plot_height);
      cairo_restore (cr);
    }
  salve_snapshot_end_image (snapshot, cr, width, height);
}

static void
salve_diary_wellbeing_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  SalveDiaryWellbeing *self = SALVE_DIARY_WELLBEING (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 400;
    }
  else
    {
      double left = 48, dummy_top, dummy_width, dummy_height;
      int extra = 0;

      /* A legend on more lines gets the lines it needs above the plot. */
      if (for_size > 0)
        {
          if (self->diary_chart != NULL)
            salve_chart_get_plot_area (salve_diary_chart_get_chart (self->diary_chart), for_size,
                                       MAX (gtk_widget_get_height (GTK_WIDGET (self->diary_chart)), 200),
                                       &left, &dummy_top, &dummy_width, &dummy_height);
          extra = (int) ((layout_legend (self, NULL, NULL, left, for_size) - 1) * LEGEND_HEIGHT);
        }
      *minimum = 96 + extra;
      *natural = 110 + extra;
    }
}

static GtkSizeRequestMode
salve_diary_wellbeing_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
salve_diary_wellbeing_dispose (GObject *object)
{
  SalveDiaryWellbeing *self = SALVE_DIARY_WELLBEING (object);

  salve_diary_wellbeing_set_diary_chart (self, NULL);
  g_clear_pointer (&self->days, g_array_unref);

  G_OBJECT_CLASS (salve_diary_wellbeing_parent_class)->dispose (object);
}

enum {
  PROP_0,
  PROP_DIARY_CHART,
  N_PROPS
};

static void
salve_diary_wellbeing_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_DIARY_CHART:
      salve_diary_wellbeing_set_diary_chart (SALVE_DIARY_WELLBEING (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_diary_wellbeing_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_DIARY_CHART:
      g_value_set_object (value, SALVE_DIARY_WELLBEING (object)->diary_chart);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
salve_diary_wellbeing_class_init (SalveDiaryWellbeingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = salve_diary_wellbeing_dispose;
  object_class->set_property = salve_diary_wellbeing_set_property;
  object_class->get_property = salve_diary_wellbeing_get_property;
  widget_class->snapshot = salve_diary_wellbeing_snapshot;
  widget_class->measure = salve_diary_wellbeing_measure;
  widget_class->get_request_mode = salve_diary_wellbeing_get_request_mode;

  g_object_class_install_property (object_class, PROP_DIARY_CHART,
                                   g_param_spec_object ("diary-chart", NULL, NULL, SALVE_TYPE_DIARY_CHART,
                                                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));

  gtk_widget_class_set_css_name (widget_class, "diarywellbeing");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
salve_diary_wellbeing_init (SalveDiaryWellbeing *self)
{
  self->days = g_array_new (FALSE, FALSE, sizeof (WellbeingDay));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Fatigue, sleep quality and stress per day"), -1);
  update_description (self);
}

void
salve_diary_wellbeing_set_diary_chart (SalveDiaryWellbeing *self,
                                       SalveDiaryChart     *chart)
{
  g_return_if_fail (SALVE_IS_DIARY_WELLBEING (self));

  if (self->diary_chart == chart)
    return;
  if (self->diary_chart != NULL)
    g_signal_handlers_disconnect_by_data (self->diary_chart, self);
  g_set_object (&self->diary_chart, chart);
  if (chart != NULL)
    g_signal_connect_swapped (chart, "range-changed", G_CALLBACK (recompute), self);
  if (self->days != NULL)
    recompute (self);
}

guint
salve_diary_wellbeing_get_n_days (SalveDiaryWellbeing *self)
{
  g_return_val_if_fail (SALVE_IS_DIARY_WELLBEING (self), 0);

  return self->days->len;
}

double
salve_diary_wellbeing_get_mean (SalveDiaryWellbeing  *self,
                                SalveWellbeingSeries  series)
{
  double sum = 0;
  guint n = 0;

  g_return_val_if_fail (SALVE_IS_DIARY_WELLBEING (self), NAN);
  g_return_val_if_fail (series < SALVE_WELLBEING_N_SERIES, NAN);

  for (guint i = 0; i < self->days->len; i++)
    {
      double value = g_array_index (self->days, WellbeingDay, i).value[series];

      if (!isnan (value))
        {
          sum += value;
          n++;
        }
    }
  return n > 0 ? sum / n : NAN;
}
