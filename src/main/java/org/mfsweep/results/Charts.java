package org.mfsweep.results;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Line charts with JFreeChart, written as PNG; headless. */
final class Charts {
  static final int WIDTH = 900;
  static final int HEIGHT = 600;

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /** One named line: x and y of equal length. */
  record Line(String name, double[] x, double[] y) {}

  /** A horizontal reference line. */
  record Marker(double y, String label) {}

  /**
   * A chart of lines, each axis logarithmic or linear. Points that a log axis cannot show
   * (≤ 0 or not finite) are left out, and the subtitle says how many were.
   */
  static JFreeChart lines(String title, String subtitle, String xLabel, boolean logX, String yLabel, boolean logY,
                          List<Line> lines, Marker marker) {
    XYSeriesCollection data = new XYSeriesCollection();
    int dropped = 0;
    for (Line l : lines) {
      XYSeries s = new XYSeries(l.name(), false, true);
      for (int i = 0; i < l.x().length; i++) {
        double x = l.x()[i];
        double y = l.y()[i];
        if (!Double.isFinite(x) || !Double.isFinite(y) || (logX && x <= 0) || (logY && y <= 0)) {
          dropped++;
          continue;
        }
        s.add(x, y);
      }
      data.addSeries(s);
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < lines.size(); i++) {
      renderer.setSeriesPaint(i, color(i, lines.size()));
      renderer.setSeriesStroke(i, new BasicStroke(2f));
      renderer.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
    }
    XYPlot plot = new XYPlot(data, axis(xLabel, logX), axis(yLabel, logY), renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xDDDDDD));
    plot.setRangeGridlinePaint(new Color(0xDDDDDD));
    if (marker != null && (!logY || marker.y() > 0)) {
      ValueMarker m = new ValueMarker(marker.y(), Color.DARK_GRAY, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
          BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      m.setLabel(marker.label());
      m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
      m.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
      plot.addRangeMarker(m);
    }
    JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    chart.getLegend().setPosition(RectangleEdge.RIGHT);
    chart.getLegend().setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    String sub = dropped > 0 ? subtitle + " · " + dropped + " point(s) off the log scale left out" : subtitle;
    if (sub != null && !sub.isEmpty()) {
      chart.addSubtitle(new TextTitle(sub, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
    }
    return chart;
  }

  static void png(JFreeChart chart, Path file) throws IOException {
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
  }

  private static ValueAxis axis(String label, boolean log) {
    Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    ValueAxis a;
    if (log) {
      LogAxis l = new LogAxis(label);
      l.setBase(10);
      l.setSmallestValue(1e-300);
      l.setTickUnit(new NumberTickUnit(1)); // one tick per decade
      l.setMinorTickMarksVisible(true);
      l.setNumberFormatOverride(new Readable());
      a = l;
    } else {
      NumberAxis n = new NumberAxis(label);
      n.setAutoRangeIncludesZero(false);
      a = n;
    }
    a.setLabelFont(labelFont);
    a.setTickLabelFont(tickFont);
    return a;
  }

  /** Tick labels as people write them: 0.001, 1, 100, 1e-06. */
  private static final class Readable extends java.text.NumberFormat {
    @Override public StringBuffer format(double x, StringBuffer to, java.text.FieldPosition pos) {
      double a = Math.abs(x);
      return to.append(a >= 1e-3 && a < 1e5 || x == 0 ? Numbers.format(x, 3)
          : String.format(java.util.Locale.ROOT, "1e%d", Math.round(Math.log10(a))));
    }

    @Override public StringBuffer format(long x, StringBuffer to, java.text.FieldPosition pos) {
      return format((double) x, to, pos);
    }

    @Override public Number parse(String source, java.text.ParsePosition pos) {
      throw new UnsupportedOperationException("labels are only formatted");
    }
  }

  /** Viridis-like colours, dark blue (first) to yellow (last), so ordered series read in order. */
  static Color color(int i, int count) {
    int[][] anchors = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
    double t = count <= 1 ? 0 : 0.9 * i / (count - 1);
    double p = t * (anchors.length - 1);
    int k = Math.min((int) p, anchors.length - 2);
    double f = p - k;
    int[] a = anchors[k];
    int[] b = anchors[k + 1];
    return new Color((int) Math.round(a[0] + f * (b[0] - a[0])), (int) Math.round(a[1] + f * (b[1] - a[1])),
        (int) Math.round(a[2] + f * (b[2] - a[2])));
  }
}
