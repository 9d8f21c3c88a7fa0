package vpn.service.chat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A local server process watched by {@code --server-pid}: its CPU time (user and system, from
 * {@code /proc/PID/stat}, read through {@link ProcessHandle}, which knows the kernel's clock tick)
 * and its resident memory ({@code VmRSS}, and the peak {@code VmHWM}, from {@code /proc/PID/status}).
 * Where there is no {@code /proc} (not Linux), memory is unknown (-1).
 */
final class ServerProcess {

    /** One reading. Memory in kB, -1 when unknown. */
    record Sample(Duration cpu, long rssKb, long peakKb) {
    }

    private final long pid;

    ServerProcess(long pid) {
        this.pid = pid;
    }

    /** @throws IOException if there is no such process (it ended, or the pid is wrong) */
    Sample sample() throws IOException {
        Duration cpu = ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration())
                .orElseThrow(() -> new IOException("no process " + pid + " to watch (--server-pid)"));
        List<String> status;
        try {
            status = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"));
        } catch (IOException noProc) {
            return new Sample(cpu, -1, -1);
        }
        return new Sample(cpu, kilobytes(status, "VmRSS:"), kilobytes(status, "VmHWM:"));
    }

    /** {@code VmRSS:   123456 kB} and the like; -1 if the field is missing. */
    static long kilobytes(List<String> status, String field) {
        for (String line : status) {
            if (line.startsWith(field)) {
                String[] parts = line.substring(field.length()).strip().split("\\s+");
                try {
                    return Long.parseLong(parts[0]);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
