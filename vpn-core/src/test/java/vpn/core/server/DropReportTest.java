package vpn.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import vpn.core.TranscriptLogger;
import vpn.core.testing.Recorder;

/** Dropped connections are reported a few lines at a time, never one line per connection. */
class DropReportTest {

    private final Recorder lines = new Recorder();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final DropReport report = new DropReport(
            new TranscriptLogger("test", lines, System.Logger.Level.INFO), MaxStartups.DEFAULT,
            Duration.ofSeconds(60), now::get);
    private final InetAddress attacker = InetAddress.getLoopbackAddress();

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    @Test
    void aFloodIsOneLineWhenItBeginsThenOneAMinuteThenOneWhenItEnds() {
        for (int i = 0; i < 1000; i++) {
            report.dropped(attacker, 100);
            report.admitted();
        }
        assertEquals(1, lines.lines().size(), lines.lines().toString());
        assertEquals("warning: dropping connections past --max-startups 10:30:100: 127.0.0.1 has 100 that have "
                + "not finished their handshake", lines.lines().get(0));

        advance(Duration.ofSeconds(61));
        report.dropped(attacker, 100);
        assertEquals(2, lines.lines().size(), lines.lines().toString());
        assertEquals("warning: still dropping connections past --max-startups 10:30:100: 1000 in the last 61 s, "
                + "the last from 127.0.0.1", lines.lines().get(1));

        advance(Duration.ofSeconds(30));
        report.admitted();
        assertEquals(2, lines.lines().size(), "30 s without a drop is not the end yet");
        advance(Duration.ofSeconds(31));
        report.admitted();
        assertEquals(3, lines.lines().size(), lines.lines().toString());
        assertEquals("stopped dropping connections past --max-startups 10:30:100 after 61 s: 1001 dropped",
                lines.lines().get(2));

        report.admitted();
        report.dropped(attacker, 10);
        assertEquals(4, lines.lines().size());
        assertTrue(lines.lines().get(3).startsWith("warning: dropping connections"), lines.lines().get(3));
    }
}
