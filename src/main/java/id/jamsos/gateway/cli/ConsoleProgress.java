package id.jamsos.gateway.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A progress bar on the operator's terminal for long commands. It draws only when the JVM is attached
 * to a terminal ({@link System#console()} is not null) and writes to the terminal itself, never to the
 * command's output: piped output, scripts and tests see exactly what they saw without it.
 */
final class ConsoleProgress implements AutoCloseable {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter terminal;
    private final String label;
    private final String unit;
    private final long total;
    private long done;
    private long drawnAt;

    private ConsoleProgress(PrintWriter terminal, String label, String unit, long total) {
        this.terminal = terminal;
        this.label = label;
        this.unit = unit;
        this.total = total;
    }

    /** {@code total} 0 or less: unknown, a counter is shown instead of a bar. */
    static ConsoleProgress start(String label, String unit, long total) {
        Console console = System.console();
        return new ConsoleProgress(console == null ? null : console.writer(), label, unit, total);
    }

    /** For tests: draws on {@code terminal}, or nowhere when it is null. */
    static ConsoleProgress on(PrintWriter terminal, String label, String unit, long total) {
        return new ConsoleProgress(terminal, label, unit, total);
    }

    synchronized void advance(long n) {
        done += n;
        if (terminal != null) {
            long now = System.nanoTime();
            if (now - drawnAt >= REDRAW_NANOS || (total > 0 && done >= total)) {
                drawnAt = now;
                draw();
            }
        }
    }

    /** The line as drawn; for tests. */
    synchronized String line() {
        if (total <= 0) {
            return String.format(Locale.ROOT, "%s %,d %s", label, done, unit);
        }
        long shown = Math.min(done, total);
        int filled = (int) (WIDTH * shown / total);
        return String.format(Locale.ROOT, "%s [%s%s] %3d%% %,d/%,d %s", label, "#".repeat(filled),
                "-".repeat(WIDTH - filled), 100 * shown / total, shown, total, unit);
    }

    private void draw() {
        // Carriage return and no newline: the next draw overwrites this one.
        terminal.print("\r" + line());
        terminal.flush();
    }

    @Override
    public synchronized void close() {
        if (terminal != null) {
            draw();
            terminal.println();
            terminal.flush();
        }
    }
}
