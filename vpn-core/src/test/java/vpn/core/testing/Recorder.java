package vpn.core.testing;

import java.util.ArrayList;
import java.util.List;
import vpn.core.Transcript;

/** A {@link Transcript} that keeps its lines for assertions. Thread-safe. */
public final class Recorder implements Transcript {

    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void line(String text) {
        lines.add(text);
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** True once some line contains {@code fragment}; waits up to {@code millis} for it. */
    public boolean awaitLineContaining(String fragment, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            if (lines().stream().anyMatch(l -> l.contains(fragment))) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }
}
