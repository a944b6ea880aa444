package org.mfsweep.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Log lines written while the progress line is drawn go above it, and the line is drawn again below them. */
class TerminalLineTest {
  private static final String E = TerminalLine.ERASE;

  @Test
  void foreignLinesAreRoutedAroundTheStatusLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TerminalLine line = new TerminalLine(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    PrintStream err = line.stream();
    line.draw("runs 1/4");
    err.print("12:00:01 WARN Spark: something\n");
    line.draw("runs 2/4");
    err.print("partial ");
    err.print("line\n");
    err.print("no newline at the end");
    line.finish("runs 4/4");
    err.print("after\n");
    String expected = E + "runs 1/4"
        + E + "12:00:01 WARN Spark: something\n" + "runs 1/4"
        + E + "runs 2/4"
        + E + "partial " // the line stays erased while a foreign line is open
        + "line\n" + "runs 2/4"
        + E + "no newline at the end"
        + "\n" + E + "runs 4/4" + "\n"
        + "after\n";
    assertEquals(expected, bytes.toString(StandardCharsets.UTF_8));
    // reading the terminal as it shows text: every foreign line survives whole, on a line of its own
    String shown = bytes.toString(StandardCharsets.UTF_8).replaceAll("[^\\n]*\\r\\u001b\\[K", "");
    assertEquals("12:00:01 WARN Spark: something\npartial line\nno newline at the end\nruns 4/4\nafter\n", shown);
  }

  /** stdout on the same terminal: the line is erased before the text and drawn again after it. */
  @Test
  void textOnStdoutIsPrintedAroundTheLine() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    java.io.StringWriter out = new java.io.StringWriter();
    TerminalLine line = new TerminalLine(new PrintStream(err, true, StandardCharsets.UTF_8));
    line.draw("runs 1/4");
    line.printAround(new java.io.PrintWriter(out), "  references of 2 problem(s) in 0.4 s\n");
    assertEquals(E + "runs 1/4" + E + "runs 1/4", err.toString(StandardCharsets.UTF_8));
    assertEquals("  references of 2 problem(s) in 0.4 s\n", out.toString());
  }
}
