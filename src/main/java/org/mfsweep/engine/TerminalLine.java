package org.mfsweep.engine;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A status line redrawn in place at the bottom of a terminal, with everything else written to the
 * same stream (log lines, stack traces) routed around it: before foreign bytes the line is erased,
 * and after a foreign line ends it is drawn again below it. Installed as System.err while a sweep
 * runs, with log4j2's console appender following System.err.
 */
final class TerminalLine extends OutputStream {
  /** Carriage return, then erase to the end of the line (ANSI EL). */
  static final String ERASE = "\r\u001b[K";

  private final PrintStream target;
  private String line = "";
  private boolean shown;
  /** The last foreign write did not end its line: the status line must start on a fresh one. */
  private boolean foreignOpen;

  TerminalLine(PrintStream target) {
    this.target = target;
  }

  /** Draws (or redraws) the status line. */
  synchronized void draw(String status) {
    line = status;
    if (foreignOpen) {
      target.print('\n');
      foreignOpen = false;
    }
    target.print(ERASE + status);
    target.flush();
    shown = true;
  }

  /** Draws the line a last time and ends it: later output goes below it. */
  synchronized void finish(String status) {
    draw(status);
    target.print('\n');
    target.flush();
    shown = false;
    line = "";
  }

  /**
   * Prints text on another stream of the same terminal (stdout) around the line: the line is erased
   * first, and drawn again below when the text ended its line.
   */
  synchronized void printAround(java.io.PrintWriter other, String text) {
    if (text.isEmpty()) {
      return;
    }
    if (shown) {
      target.print(ERASE);
      target.flush();
      shown = false;
    }
    other.print(text);
    other.flush();
    foreignOpen = !text.endsWith("\n");
    if (!foreignOpen && !line.isEmpty()) {
      target.print(line);
      target.flush();
      shown = true;
    }
  }

  @Override public synchronized void write(byte[] b, int off, int len) {
    if (len == 0) {
      return;
    }
    if (shown) {
      target.print(ERASE);
      shown = false;
    }
    target.write(b, off, len);
    foreignOpen = b[off + len - 1] != '\n';
    if (!foreignOpen && !line.isEmpty()) {
      target.print(line);
      shown = true;
    }
    target.flush();
  }

  @Override public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override public synchronized void flush() {
    target.flush();
  }

  /** A PrintStream over this line, to install as System.err. */
  PrintStream stream() {
    return new PrintStream(this, true, StandardCharsets.UTF_8);
  }
}
