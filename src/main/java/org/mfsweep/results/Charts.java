package org.mfsweep.results;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.TickType;
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

  /**
   * One named line: x and y of equal length, drawn in colour {@code colour} of {@code colours}; a faint
   * line (one seed behind a median) is thin, translucent and left out of the legend.
   */
  record Line(String name, double[] x, double[] y, int colour, int colours, boolean faint) {
    Line(String name, double[] x, double[] y) {
      this(name, x, y, -1, 0, false);
    }
  }

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
    for (int k = 0; k < lines.size(); k++) {
      Line l = lines.get(k);
      // series keys must be unique; faint lines (out of the legend) share their median's name
      XYSeries s = new XYSeries(l.faint() ? l.name() + " #" + k : l.name(), false, true);
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
    boolean anyFaint = lines.stream().anyMatch(Line::faint);
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      Color c = l.colour() < 0 ? color(i, lines.size()) : color(l.colour(), l.colours());
      if (l.faint()) {
        renderer.setSeriesPaint(i, new Color(c.getRed(), c.getGreen(), c.getBlue(), 70));
        renderer.setSeriesStroke(i, new BasicStroke(1f));
        renderer.setSeriesShapesVisible(i, false);
        renderer.setSeriesVisibleInLegend(i, false);
      } else {
        renderer.setSeriesPaint(i, c);
        renderer.setSeriesStroke(i, new BasicStroke(anyFaint ? 2.5f : 2f));
        // dots mark the points of a single line; over faint seeds they would hide them
        renderer.setSeriesShapesVisible(i, !anyFaint);
        renderer.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
      }
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

  /** The chart as a standalone SVG document (vector: crisp at any zoom). */
  static void svg(JFreeChart chart, Path file) throws IOException {
    org.jfree.svg.SVGGraphics2D g = new org.jfree.svg.SVGGraphics2D(WIDTH, HEIGHT);
    // ids unique per file, so that pages holding several figures never mix up their clip paths
    g.setDefsKeyPrefix(Integer.toHexString(file.getFileName().toString().hashCode()) + "_");
    chart.draw(g, new java.awt.geom.Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
    java.nio.file.Files.writeString(file, g.getSVGDocument(), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Writes the chart as SVG when the file name ends in .svg, else as PNG. */
  static void write(JFreeChart chart, Path file) throws IOException {
    if (file.getFileName().toString().endsWith(".svg")) {
      svg(chart, file);
    } else {
      png(chart, file);
    }
  }

  private static ValueAxis axis(String label, boolean log) {
    Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    Font tickFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    ValueAxis a;
    if (log) {
      LogAxis l = new DecadeAxis(label);
      l.setBase(10);
      l.setSmallestValue(1e-300);
      l.setMinorTickMarksVisible(true);
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

  /** A log axis whose ticks {@link LogTicks} chooses, so any range, even under a decade, has labels. */
  private static final class DecadeAxis extends LogAxis {
    DecadeAxis(String label) {
      super(label);
    }

    @Override protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
      return ticks(edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER);
    }

    @Override protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
      return ticks(edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT);
    }

    private List<NumberTick> ticks(TextAnchor anchor) {
      List<NumberTick> out = new ArrayList<>();
      LogTicks t = LogTicks.of(getLowerBound(), getUpperBound());
      for (int i = 0; i < t.major().length; i++) {
        out.add(new NumberTick(TickType.MAJOR, t.major()[i], t.labels()[i], anchor, anchor, 0));
      }
      for (double v : t.minor()) {
        out.add(new NumberTick(TickType.MINOR, v, "", anchor, anchor, 0));
      }
      return out;
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
