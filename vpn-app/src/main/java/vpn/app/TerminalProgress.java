package vpn.app;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import vpn.api.service.Progress;

/**
 * A transfer's progress bar on standard error, drawn by the progressbar library (percentage,
 * bytes, rate, time left; redrawn four times a second by its own thread), which handles the
 * rates, estimates and widths that are easy to get subtly wrong by hand. The bar is given the
 * terminal's width itself, so the library never opens a terminal of its own (which could read
 * standard input, where {@code vpn put -} reads the file).
 */
final class TerminalProgress implements Progress {

    private static final int REFRESH_MILLIS = 250;
    private static final int MAX_NAME = 24;

    private final ProgressBar bar;

    TerminalProgress(String name, long totalBytes, int width) {
        Unit unit = Unit.of(totalBytes);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        this.bar = new ProgressBarBuilder()
                .setTaskName(shorten(name))
                .setInitialMax(totalBytes)
                .setUnit(unit.label(), unit.bytes())
                .showSpeed()
                .setUpdateIntervalMillis(REFRESH_MILLIS)
                .setConsumer(new ConsoleProgressBarConsumer(err, width - 1))
                .build();
    }

    @Override
    public void advance(long bytes) {
        bar.stepBy(bytes);
    }

    @Override
    public void close() {
        bar.close();
    }

    /** The last name of a path, cut to fit beside the bar. */
    private static String shorten(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        return base.length() <= MAX_NAME ? base : base.substring(0, MAX_NAME - 1) + "…";
    }

    /** The unit the bar counts in, from the size: KiB for small files, GiB for large ones. */
    private record Unit(String label, long bytes) {
        static Unit of(long total) {
            if (total >= 0 && total < (1L << 20)) {
                return new Unit("KiB", 1L << 10);
            }
            return total >= (1L << 30) ? new Unit("GiB", 1L << 30) : new Unit("MiB", 1L << 20);
        }
    }
}
