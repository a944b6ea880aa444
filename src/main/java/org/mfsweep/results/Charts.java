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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.jfree.chart.ChartRenderingInfo;
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
import org.jfree.svg.SVGGraphics2D;

/**
 * Line charts with JFreeChart, written as PNG or SVG; headless. An SVG figure carries hover values: each
 * bold line's points and each faint line hold a {@code <title>} (who the line is, the x and y there).
 */
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
  record Line(String name, double[] x, double[] y, int colour, int colours, boolean faint, String hover) {
    Line(String name, double[] x, double[] y, int colour, int colours, boolean faint) {
      this(name, x, y, colour, colours, faint, null);
    }

    Line(String name, double[] x, double[] y) {
      this(name, x, y, -1, 0, false);
    }

    /** What a hover over the line names: run, α, series; the legend name when nothing more is known. */
    String who() {
      return hover != null ? hover : name;
    }
  }

  /** One panel of a figure of several: its title and lines. */
  record Panel(String title, List<Line> lines) {}

  /** A horizontal reference line. */
  record Marker(double y, String label) {}

  /**
   * A chart of lines, each axis logarithmic or linear. Points that a log axis cannot show
   * (≤ 0 or infinite) are left out, and the subtitle says how many were; NaN (a value not recorded,
   * null in the table) is skipped without a word.
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
        if (Double.isNaN(x) || Double.isNaN(y)) {
          continue; // not recorded there (a null in the table): nothing to show, nothing dropped
        }
        if (Double.isInfinite(x) || Double.isInfinite(y) || (logX && x <= 0) || (logY && y <= 0)) {
          dropped++;
          continue;
        }
        s.add(x, y);
      }
      data.addSeries(s);
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    renderer.setDrawSeriesLineAsPath(true); // one path per line, not one element per segment: small SVG
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
    String off = dropped + " point(s) off the log scale left out";
    String sub = dropped == 0 ? subtitle : subtitle == null || subtitle.isEmpty() ? off : subtitle + " · " + off;
    if (sub != null && !sub.isEmpty()) {
      chart.addSubtitle(new TextTitle(sub, new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
    }
    return chart;
  }

  static void png(JFreeChart chart, Path file) throws IOException {
    ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
  }

  /** The chart as a standalone SVG document (vector: crisp at any zoom), with hover values for lines. */
  static void svg(JFreeChart chart, List<Line> lines, Path file) throws IOException {
    SVGGraphics2D g = svgGraphics(WIDTH, HEIGHT, file);
    StringBuilder hover = new StringBuilder();
    draw(g, chart, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT), lines, hover);
    writeSvg(g, hover, file);
  }

  /** Writes the chart as SVG when the file name ends in .svg, else as PNG. */
  static void write(JFreeChart chart, List<Line> lines, Path file) throws IOException {
    if (isSvg(file)) {
      svg(chart, lines, file);
    } else {
      png(chart, file);
    }
  }

  private static boolean isSvg(Path file) {
    return file.getFileName().toString().endsWith(".svg");
  }

  private static SVGGraphics2D svgGraphics(int width, int height, Path file) {
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    // ids unique per file, so that pages holding several figures never mix up their clip paths
    g.setDefsKeyPrefix(defsPrefix(file));
    g.setGeomDoubleConverter(Charts::compact); // 0.01 px is finer than any screen: files a third smaller
    return g;
  }

  /** The prefix of the ids in the SVG file's defs (clip paths). */
  static String defsPrefix(Path file) {
    return Integer.toHexString(file.getFileName().toString().hashCode()) + "_";
  }

  /** The document with the hover targets last (on top of everything drawn). */
  private static void writeSvg(SVGGraphics2D g, StringBuilder hover, Path file) throws IOException {
    String doc = g.getSVGDocument();
    int end = doc.lastIndexOf("</svg>");
    doc = doc.substring(0, end) + "<g class=\"hover\"><style>.hover circle{fill:none;pointer-events:all}"
        + ".hover polyline{fill:none;stroke:none;stroke-width:6px;pointer-events:stroke}</style>" + hover + "</g>"
        + doc.substring(end);
    Files.writeString(file, doc, StandardCharsets.UTF_8);
  }

  /**
   * Draws the chart into area of g, and, when hover is not null, appends to it invisible SVG targets
   * over the lines, each with a {@code <title>}: a faint line (one seed) one along its path, naming it and
   * its last point; every point of a bold line (a median, or a single run) one, with its x and y.
   */
  static void draw(Graphics2D g, JFreeChart chart, Rectangle2D area, List<Line> lines, StringBuilder hover) {
    ChartRenderingInfo info = new ChartRenderingInfo(null); // the plot's data area, no per-item entities
    chart.draw(g, area, info);
    if (hover == null) {
      return;
    }
    XYPlot plot = chart.getXYPlot();
    Rectangle2D data = info.getPlotInfo().getDataArea();
    ValueAxis xa = plot.getDomainAxis();
    ValueAxis ya = plot.getRangeAxis();
    boolean logX = xa instanceof LogAxis;
    boolean logY = ya instanceof LogAxis;
    String xName = xa.getLabel() == null ? "x" : xa.getLabel();
    for (Line l : lines) {
      StringBuilder points = new StringBuilder();
      String last = null;
      for (int i = 0; i < l.x().length; i++) {
        double x = l.x()[i];
        double y = l.y()[i];
        if (!Double.isFinite(x) || !Double.isFinite(y) || (logX && x <= 0) || (logY && y <= 0)
            || !xa.getRange().contains(x) || !ya.getRange().contains(y)) {
          continue;
        }
        double px = xa.valueToJava2D(x, data, plot.getDomainAxisEdge());
        double py = ya.valueToJava2D(y, data, plot.getRangeAxisEdge());
        String value = xName + " " + Numbers.format(x, 4) + ": " + Numbers.format(y, 4);
        if (l.faint()) {
          points.append(points.length() > 0 ? " " : "").append(coordinate(px)).append(',').append(coordinate(py));
          last = value;
        } else {
          hover.append("<circle cx=\"").append(coordinate(px)).append("\" cy=\"").append(coordinate(py))
              .append("\" r=\"5\"><title>").append(xml(l.who() + " · " + value))
              .append("</title></circle>");
        }
      }
      if (l.faint() && last != null) {
        hover.append("<polyline points=\"").append(points).append("\"><title>").append(xml(l.who() + " · last point, " + last))
            .append("</title></polyline>");
      }
    }
  }

  /** v to two decimals, trailing zeros dropped: "12.5", "-3", "0.07". */
  static String compact(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    long c = Math.round(v * 100);
    String sign = c < 0 ? "-" : "";
    c = Math.abs(c);
    long whole = c / 100;
    int frac = (int) (c % 100);
    return sign + whole + (frac == 0 ? "" : frac % 10 == 0 ? "." + frac / 10 : frac < 10 ? ".0" + frac : "." + frac);
  }

  private static String coordinate(double v) {
    return String.format(java.util.Locale.ROOT, "%.1f", v);
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /**
   * A figure of several panels on a grid, sharing both (log) axes' ranges so that the panels compare:
   * a header with the title, the subtitle and the legend (one entry per colour), then each panel titled,
   * in order, row by row. PNG or SVG (with hover values) by the file name.
   *
   * @param legend the name of colour i of legend.size()
   */
  static void panels(String title, String subtitle, List<String> legend, String xLabel, String yLabel,
                     List<Panel> panels, Path file) throws IOException {
    int n = panels.size();
    int cols = n <= 1 ? 1 : n <= 4 ? 2 : 3;
    int rows = (n + cols - 1) / cols;
    int pw = cols == 1 ? WIDTH : cols == 2 ? 600 : 480;
    int ph = cols == 1 ? HEIGHT - HEADER : 380;
    int width = cols * pw;
    int height = HEADER + rows * ph;
    double[] xr = range(panels, true);
    double[] yr = range(panels, false);
    List<JFreeChart> charts = new ArrayList<>();
    for (Panel p : panels) {
      JFreeChart c = lines(p.title(), null, xLabel, true, yLabel, true, p.lines(), null);
      c.removeLegend();
      c.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      if (xr != null && yr != null) {
        c.getXYPlot().getDomainAxis().setRange(xr[0], xr[1]);
        c.getXYPlot().getRangeAxis().setRange(yr[0], yr[1]);
      }
      charts.add(c);
    }
    boolean svg = isSvg(file);
    SVGGraphics2D sg = svg ? svgGraphics(width, height, file) : null;
    java.awt.image.BufferedImage image = svg ? null
        : new java.awt.image.BufferedImage(width, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
    Graphics2D g = svg ? sg : image.createGraphics();
    g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING,
        java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setPaint(Color.WHITE);
    g.fill(new Rectangle2D.Double(0, 0, width, height));
    header(g, title, subtitle, legend, width);
    StringBuilder hover = svg ? new StringBuilder() : null;
    for (int i = 0; i < n; i++) {
      Rectangle2D area = new Rectangle2D.Double((i % cols) * pw, HEADER + (i / cols) * ph, pw, ph);
      draw(g, charts.get(i), area, panels.get(i).lines(), hover);
    }
    if (svg) {
      writeSvg(sg, hover, file);
    } else {
      g.dispose();
      javax.imageio.ImageIO.write(image, "png", file.toFile());
    }
  }

  /** Height of a panel figure's header: title, subtitle, legend. */
  static final int HEADER = 84;

  private static void header(Graphics2D g, String title, String subtitle, List<String> legend, int width) {
    g.setPaint(Color.BLACK);
    Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    g.setFont(bold);
    g.drawString(title, (float) (width - g.getFontMetrics().stringWidth(title)) / 2, 24);
    if (subtitle != null && !subtitle.isEmpty()) {
      g.setFont(plain);
      g.drawString(subtitle, (float) Math.max(8, (width - g.getFontMetrics().stringWidth(subtitle)) / 2.0), 46);
    }
    Font item = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    g.setFont(item);
    int total = 0;
    for (String s : legend) {
      total += 30 + g.getFontMetrics().stringWidth(s) + 18;
    }
    int x = Math.max(8, (width - total) / 2);
    for (int i = 0; i < legend.size(); i++) {
      g.setPaint(color(i, legend.size()));
      g.setStroke(new BasicStroke(2.5f));
      g.drawLine(x, 68, x + 24, 68);
      g.setPaint(Color.BLACK);
      g.drawString(legend.get(i), x + 30, 73);
      x += 30 + g.getFontMetrics().stringWidth(legend.get(i)) + 18;
    }
  }

  /** [lo, hi] of the panels' positive finite x (or y), widened a little in log space; null when empty. */
  private static double[] range(List<Panel> panels, boolean x) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Panel p : panels) {
      for (Line l : p.lines()) {
        for (int i = 0; i < l.x().length; i++) {
          double v = x ? l.x()[i] : l.y()[i];
          double other = x ? l.y()[i] : l.x()[i];
          if (Double.isFinite(v) && v > 0 && Double.isFinite(other) && other > 0) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
      }
    }
    if (!(lo <= hi)) {
      return null;
    }
    if (lo == hi) {
      return new double[] {lo / 2, hi * 2};
    }
    double margin = Math.pow(hi / lo, 0.03);
    return new double[] {lo / margin, hi * margin};
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
