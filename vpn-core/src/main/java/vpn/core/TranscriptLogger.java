package vpn.core;

import java.text.MessageFormat;
import java.util.ResourceBundle;

/**
 * The JDK's logging API ({@link System.Logger}, levels and all) over a {@link Transcript}, for
 * operational lines: start-up, sessions opened and closed, refusals, errors. Information is
 * printed as it is (the reference transcript has no prefixes), warnings and errors through
 * {@link Transcript#warning} and as {@code error: ...}; lines below the threshold are dropped.
 * No global logging configuration is involved: each server gets its own logger.
 */
public final class TranscriptLogger implements System.Logger {

    private final String name;
    private final Transcript transcript;
    private final Level threshold;

    public TranscriptLogger(String name, Transcript transcript, Level threshold) {
        this.name = name;
        this.transcript = transcript;
        this.threshold = threshold;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isLoggable(Level level) {
        return level != Level.OFF && level.getSeverity() >= threshold.getSeverity();
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
        if (!isLoggable(level)) {
            return;
        }
        String text = thrown == null ? message : message + ": " + thrown;
        switch (level) {
            case ERROR -> transcript.line("error: " + text);
            case WARNING -> transcript.warning(text);
            default -> transcript.line(text);
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (isLoggable(level)) {
            log(level, bundle, params == null || params.length == 0 ? format : MessageFormat.format(format, params),
                    (Throwable) null);
        }
    }
}
