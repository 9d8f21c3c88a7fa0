package vpn.service.chat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one load run measured, and the numbers derived from it: the table {@code vpn chat-bench}
 * prints and its machine-readable {@code BENCH} line.
 *
 * @param load what was asked for
 * @param sent SAY requests sent
 * @param accepted of them, answered OK (the room broadcast them)
 * @param deliveries broadcasts received by the reading sessions
 * @param seconds from the first broadcast sent to the last one received
 * @param p50Millis delivery latency, median; NaN without deliveries
 * @param p99Millis delivery latency, 99th percentile
 * @param maxMillis delivery latency, the largest
 * @param stalledDisconnected stalled users the server disconnected (others saw them leave)
 * @param stalledSeconds when the last of them was seen leaving, from the first broadcast; NaN if none
 * @param errors failures: refused or unanswered requests, sessions lost, unexpected messages
 * @param errorSamples the first few errors, one line each
 * @param toolCpuSeconds this process's own CPU time over the load phase: on a machine it shares
 *     with the server, what the load tool takes is not the server's; NaN if unknown
 * @param server the server's process, with {@code --server-pid}
 */
public record BenchReport(BenchArguments.Load load, long sent, long accepted, long deliveries, double seconds,
        double p50Millis, double p99Millis, double maxMillis, int stalledDisconnected, double stalledSeconds, long errors,
        List<String> errorSamples, double toolCpuSeconds, Optional<Server> server) {

    /**
     * The server process over the load phase (from the first broadcast until the deliveries were
     * in): its CPU time, and its resident memory at the start, at the end and at its peak.
     */
    public record Server(double cpuSeconds, double loadSeconds, long rssStartKb, long rssEndKb, long rssPeakKb) {

        /** CPU time over the load phase, in cores: 1.0 is one core busy all the time. */
        double cores() {
            return loadSeconds > 0 ? cpuSeconds / loadSeconds : Double.NaN;
        }
    }

    public BenchReport {
        errorSamples = List.copyOf(errorSamples);
    }

    /** Users online during the load: each active, idle and stalled user once. */
    public int users() {
        return load.active() + load.idle() + load.stalled();
    }

    /** Sessions online during the load. */
    public int sessions() {
        return load.readingSessions() + load.stalled();
    }

    /** Each broadcast goes to every session but the sender's own; these are the ones that read. */
    public int receiversPerBroadcast() {
        return load.readingSessions() - 1;
    }

    /** Deliveries the reading sessions must get: each accepted broadcast, to each of them. */
    public long expected() {
        return accepted * receiversPerBroadcast();
    }

    public double deliveriesPerSecond() {
        return seconds > 0 ? deliveries / seconds : Double.NaN;
    }

    /** Whether every expected delivery arrived and nothing failed: the exit code is 0 only then. */
    public boolean complete() {
        return deliveries == expected() && errors == 0;
    }

    /** The table, a line per number, then the {@code BENCH} line. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        row(lines, "users online", users() + " (" + sessions() + " sessions: " + load.active() + " active, "
                + load.idle() * load.idleSessions() + " idle"
                + (load.idleSessions() > 1 ? " of " + load.idle() + " users" : "") + ", " + load.stalled() + " stalled)");
        row(lines, "broadcasts sent", accepted + " accepted of " + sent + " sent (" + load.rate() + "/s for "
                + load.duration().toSeconds() + " s, " + load.size() + " bytes each)");
        row(lines, "deliveries expected", expected() + " (" + accepted + " x " + receiversPerBroadcast()
                + " reading sessions)");
        row(lines, "deliveries received", deliveries + (deliveries == expected() ? " (all)" : " (MISSING "
                + (expected() - deliveries) + ")"));
        row(lines, "deliveries/s", format("%.1f", deliveriesPerSecond()) + format(" (over %.2f s)", seconds));
        row(lines, "latency p50 / p99 / max", ms(p50Millis) + " / " + ms(p99Millis) + " / " + ms(maxMillis));
        row(lines, "stalled users disconnected", stalledDisconnected + " of " + load.stalled()
                + (stalledDisconnected > 0 ? format(" (the last %.1f s into the load)", stalledSeconds) : ""));
        server.ifPresent(s -> {
            row(lines, "server CPU", format("%.2f s in %.2f s (%.2f cores)", s.cpuSeconds(), s.loadSeconds(), s.cores()));
            row(lines, "server RSS", mb(s.rssStartKb()) + " at the start, " + mb(s.rssEndKb()) + " at the end, "
                    + mb(s.rssPeakKb()) + " peak");
        });
        row(lines, "load tool CPU", Double.isNaN(toolCpuSeconds) ? "n/a" : format("%.2f s", toolCpuSeconds));
        row(lines, "errors", String.valueOf(errors));
        errorSamples.forEach(e -> lines.add("  error: " + e));
        lines.add(benchLine());
        return lines;
    }

    /** One line of JSON after {@code BENCH }, as {@code vpn bench} prints; NaN becomes null. */
    public String benchLine() {
        Optional<Server> s = server;
        return format("BENCH {\"tool\":\"chat-bench\",\"users\":%d,\"sessions\":%d,\"active\":%d,\"idle\":%d,"
                + "\"idle_sessions\":%d,\"stalled\":%d,\"rate\":%d,\"duration_s\":%d,\"size\":%d,\"sent\":%d,"
                + "\"accepted\":%d,\"deliveries_expected\":%d,\"deliveries\":%d,\"seconds\":%.3f,"
                + "\"deliveries_per_s\":%.1f,\"latency_p50_ms\":%.3f,\"latency_p99_ms\":%.3f,\"latency_max_ms\":%.3f,"
                + "\"stalled_disconnected\":%d,\"errors\":%d,\"tool_cpu_s\":%.3f,\"server_cpu_s\":%.3f,"
                + "\"server_cores\":%.3f,\"server_rss_start_kb\":%s,\"server_rss_end_kb\":%s,"
                + "\"server_rss_peak_kb\":%s}",
                users(), sessions(), load.active(), load.idle(), load.idleSessions(), load.stalled(), load.rate(),
                load.duration().toSeconds(), load.size(), sent, accepted, expected(), deliveries, seconds,
                deliveriesPerSecond(), p50Millis, p99Millis, maxMillis, stalledDisconnected, errors, toolCpuSeconds,
                s.map(Server::cpuSeconds).orElse(Double.NaN), s.map(Server::cores).orElse(Double.NaN),
                kb(s.map(Server::rssStartKb)), kb(s.map(Server::rssEndKb)), kb(s.map(Server::rssPeakKb)))
                .replace("NaN", "null");
    }

    private static void row(List<String> lines, String name, String value) {
        lines.add(format("%-28s %s", name, value));
    }

    /** Kilobytes for JSON: null when unknown (no server, or no /proc). */
    private static String kb(Optional<Long> kb) {
        return kb.filter(k -> k >= 0).map(String::valueOf).orElse("null");
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "n/a" : format("%.2f ms", millis);
    }

    private static String mb(long kb) {
        return kb < 0 ? "n/a" : format("%.1f MB", kb / 1024.0);
    }

    private static String format(String format, Object... values) {
        return String.format(Locale.ROOT, format, values);
    }
}
