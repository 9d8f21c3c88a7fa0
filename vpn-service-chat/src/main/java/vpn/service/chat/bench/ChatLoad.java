package vpn.service.chat.bench;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import vpn.api.service.Channel;
import vpn.api.service.ExitCode;
import vpn.api.service.Terminal;
import vpn.service.chat.bench.BenchSession.Role;
import vpn.service.chat.protocol.ChatProtocol;
import vpn.service.chat.protocol.FailureReason;

/**
 * One load run of {@code vpn chat-bench}. It joins the idle users' sessions, then the active
 * users', then the stalled users' (last, so that only the load fills their queues), and waits
 * until the room is quiet. Then the active users broadcast {@code rate} lines a second between
 * them, evenly spread (user {@code i} of {@code n} sends the lines {@code i}, {@code i + n}, ...,
 * line {@code k} at {@code k / rate} seconds), for the duration; every reading session counts what
 * it gets and each line's latency. The load ends when every broadcast is answered and every
 * delivery is in, or when nothing has arrived for {@link #DRAIN_QUIET}.
 *
 * <p>Every session reads on a virtual thread of its own; the senders are virtual threads too. The
 * load's memory is bounded: counters, the latency reservoir and the sessions themselves.
 */
public final class ChatLoad {

    /**
     * Opens a session as the user of one Ed25519 private key ({@code CommandContext::connectAs});
     * {@code reader} for an idle user's session, which {@code --servers} may send to another server.
     */
    @FunctionalInterface
    public interface Connector {
        Channel connectAs(byte[] ed25519PrivateKey, boolean reader) throws IOException;
    }

    /** The load could not run as asked; nothing was measured. */
    public static final class NotRun extends Exception {
        private final int exitCode;

        NotRun(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /** Handshakes at once while joining: enough to keep both sides busy, few enough not to queue at the server. */
    static final int JOIN_CONCURRENCY = 8;
    /** The room is quiet (the joins' JOINED events are read) once nothing arrived for this long. */
    static final Duration QUIET = Duration.ofMillis(500);
    /** ... waiting at most this long for it. */
    static final Duration SETTLE_LIMIT = Duration.ofSeconds(60);
    /** After the last broadcast, the load waits for missing answers and deliveries while any arrive this often. */
    static final Duration DRAIN_QUIET = Duration.ofSeconds(5);
    static final Duration PROGRESS = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 10;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final BenchArguments.Load load;
    private final Connector connector;
    private final Terminal terminal;
    private final SecureRandom random;
    private final Tally tally = new Tally(new LatencyReservoir(LatencyReservoir.DEFAULT_CAPACITY));
    private final List<BenchSession> sessions = Collections.synchronizedList(new ArrayList<>());

    public ChatLoad(BenchArguments.Load load, Connector connector, Terminal terminal, SecureRandom random) {
        this.load = load;
        this.connector = connector;
        this.terminal = terminal;
        this.random = random;
    }

    /**
     * Runs the load and closes every session it opened.
     *
     * @throws NotRun if the keys are too few, the server process is not there, or the room refused
     *     sessions: the message says which and why
     * @throws IOException if the first session cannot connect (the app reports it with its exit code)
     */
    public BenchReport run() throws NotRun, IOException, InterruptedException {
        List<byte[]> keys = keys();
        Optional<ServerProcess> server = server();
        try {
            long joinStart = System.nanoTime();
            join(plan(keys, false));
            join(plan(keys, true));
            settle();
            terminal.line(String.format(Locale.ROOT, "[chat-bench] %d sessions of %d users joined in %.1f s; "
                    + "%d broadcasts/s from %d users for %d s", sessions.size(),
                    load.active() + load.idle() + load.stalled(), (System.nanoTime() - joinStart) / 1e9, load.rate(),
                    load.active(), load.duration().toSeconds()));
            warnAboutTheRateLimit();
            return measure(server);
        } finally {
            tally.closing();
            closeAll();
        }
    }

    private List<byte[]> keys() throws NotRun, IOException {
        List<byte[]> keys = BenchKeys.load(load.keys());
        if (keys.size() < load.keysNeeded()) {
            throw new NotRun(load.keys().resolve(BenchKeys.SEEDS) + " holds " + keys.size() + " keys; "
                    + load.active() + " active, " + load.idle() + " idle and " + load.stalled() + " stalled users need "
                    + load.keysNeeded() + " (vpn chat-bench --prepare DIR --users " + load.keysNeeded() + ")",
                    ExitCode.USAGE);
        }
        return keys;
    }

    private Optional<ServerProcess> server() throws NotRun {
        if (load.serverPid().isEmpty()) {
            return Optional.empty();
        }
        ServerProcess server = new ServerProcess(load.serverPid().getAsLong());
        try {
            server.sample();
        } catch (IOException e) {
            throw new NotRun(e.getMessage(), ExitCode.USAGE);
        }
        return Optional.of(server);
    }

    /** Who joins as whom: the keys file's first users are the active ones, then the idle, then the stalled. */
    private record Planned(byte[] key, Role role) {
    }

    private List<Planned> plan(List<byte[]> keys, boolean stalled) {
        List<Planned> plan = new ArrayList<>();
        if (stalled) {
            int first = load.active() + load.idle();
            for (int i = 0; i < load.stalled(); i++) {
                plan.add(new Planned(keys.get(first + i), Role.STALLED));
            }
            return plan;
        }
        for (int i = 0; i < load.idle(); i++) {
            for (int s = 0; s < load.idleSessions(); s++) {
                plan.add(new Planned(keys.get(load.active() + i), Role.IDLE));
            }
        }
        for (int i = 0; i < load.active(); i++) {
            plan.add(new Planned(keys.get(i), Role.ACTIVE));
        }
        return plan;
    }

    /**
     * Joins every planned session, {@link #JOIN_CONCURRENCY} at a time; the very first alone, so
     * that the server's key is pinned once. A reading session starts reading as soon as it joined.
     */
    private void join(List<Planned> plan) throws NotRun, IOException, InterruptedException {
        if (plan.isEmpty()) {
            return;
        }
        int start = 0;
        if (sessions.isEmpty()) {
            joined(BenchSession.join(connector.connectAs(plan.get(0).key(), plan.get(0).role() == Role.IDLE), plan.get(0).role(), random));
            start = 1;
        }
        Map<FailureReason, Integer> refused = Collections.synchronizedMap(new EnumMap<>(FailureReason.class));
        List<String> failed = Collections.synchronizedList(new ArrayList<>());
        Semaphore permits = new Semaphore(JOIN_CONCURRENCY);
        try (ExecutorService joining = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Planned planned : plan.subList(start, plan.size())) {
                permits.acquire();
                joining.submit(() -> {
                    try {
                        joined(BenchSession.join(connector.connectAs(planned.key(), planned.role() == Role.IDLE), planned.role(), random));
                    } catch (BenchSession.Refused e) {
                        refused.merge(e.reason(), 1, Integer::sum);
                    } catch (IOException | RuntimeException e) {
                        failed.add(String.valueOf(e.getMessage()));
                    } finally {
                        permits.release();
                    }
                });
            }
        }
        if (!refused.isEmpty() || !failed.isEmpty()) {
            int count = refused.values().stream().mapToInt(Integer::intValue).sum() + failed.size();
            List<String> why = new ArrayList<>();
            refused.forEach((reason, n) -> why.add(n + " refused (" + reason.description()
                    + (reason == FailureReason.ROOM_FULL ? ": a room holds " + ChatProtocol.MAX_USERS
                            + " users; --idle-sessions gives idle users more sessions each" : "") + ")"));
            if (!failed.isEmpty()) {
                why.add(failed.size() + " failed, the first: " + failed.get(0));
            }
            throw new NotRun(count + " of " + plan.size() + " sessions could not join: " + String.join("; ", why),
                    failed.isEmpty() ? ExitCode.REFUSED : ExitCode.FAILURE);
        }
    }

    private void joined(BenchSession session) {
        sessions.add(session);
        if (session.role() == Role.STALLED) {
            tally.stalled(session.name());
        } else {
            Thread.ofVirtual().name("chat-bench " + session.name()).start(() -> session.receive(tally));
        }
    }

    /** Waits until the joins' JOINED events are read, so that the load starts in a quiet room. */
    private void settle() throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE_LIMIT.toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline) {
            long now = tally.messagesReceived();
            if (now == seen) {
                return;
            }
            seen = now;
            Thread.sleep(QUIET);
        }
    }

    private void warnAboutTheRateLimit() {
        double perUser = (double) load.rate() / load.active();
        if (perUser > ChatProtocol.MESSAGES_PER_SECOND) {
            terminal.line(String.format(Locale.ROOT, "warning: %.1f broadcasts/s per user is over the server's "
                    + "limit of %d a second per user; expect refusals (more --users spread the rate)", perUser,
                    ChatProtocol.MESSAGES_PER_SECOND));
        }
    }

    private BenchReport measure(Optional<ServerProcess> server) throws IOException, InterruptedException {
        List<BenchSession> active = sessions.stream().filter(s -> s.role() == Role.ACTIVE)
                .sorted(Comparator.comparing(BenchSession::name)).toList();
        Optional<ServerProcess.Sample> before = sample(server);
        Optional<Duration> toolBefore = ProcessHandle.current().info().totalCpuDuration();
        long start = System.nanoTime() + NANOS_PER_SECOND / 50;
        Thread progress = Thread.ofVirtual().name("chat-bench progress").start(() -> progress(start, server));
        Thread keepalives = Thread.ofVirtual().name("chat-bench keepalives").start(this::keepalives);
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < active.size(); i++) {
            BenchSession sender = active.get(i);
            int first = i;
            senders.add(Thread.ofVirtual().name("chat-bench sender " + sender.name())
                    .start(() -> send(sender, first, active.size(), start)));
        }
        if (load.rate() == 0) {
            sleepUntil(start + load.duration().toNanos());
        }
        for (Thread sender : senders) {
            sender.join();
        }
        drain();
        long end = System.nanoTime();
        Optional<ServerProcess.Sample> after = sample(server);
        double toolCpu = toolBefore.flatMap(b -> ProcessHandle.current().info().totalCpuDuration()
                .map(a -> a.minus(b).toNanos() / 1e9)).orElse(Double.NaN);
        progress.interrupt();
        keepalives.interrupt();

        long unanswered = tally.sentCount() - tally.answeredCount();
        if (unanswered > 0) {
            tally.error(unanswered + " broadcasts had no answer within " + DRAIN_QUIET.toSeconds()
                    + " s of the last thing that arrived");
        }
        long last = tally.lastDelivery();
        double seconds = (last > start ? last - start : Math.max(0, end - start)) / 1e9;
        Map<String, Long> stalledLeft = tally.stalledLeft();
        double stalledSeconds = stalledLeft.values().stream().mapToLong(t -> t - start).max().orElse(-1) / 1e9;
        LatencyReservoir latencies = tally.latencies();
        return new BenchReport(load, tally.sentCount(), tally.acceptedCount(), tally.deliveryCount(), seconds,
                latencies.percentileMillis(50), latencies.percentileMillis(99), latencies.maxMillis(),
                stalledLeft.size(), stalledLeft.isEmpty() ? Double.NaN : stalledSeconds, tally.errorCount(),
                tally.errorSamples(), toolCpu, before.flatMap(b -> after.map(a -> new BenchReport.Server(
                        a.cpu().minus(b.cpu()).toNanos() / 1e9, (end - start) / 1e9, b.rssKb(), a.rssKb(), a.peakKb()))));
    }

    /** Sender {@code index} of {@code senders}: lines {@code index}, {@code index + senders}, ..., each on time. */
    private void send(BenchSession sender, int index, int senders, long start) {
        long total = load.broadcasts();
        for (long k = index; k < total; k += senders) {
            sleepUntil(start + offsetNanos(k, load.rate()));
            try {
                sender.say(load.size());
            } catch (IOException e) {
                tally.error(sender.name() + ": sending failed: " + e.getMessage());
                return;
            }
            tally.sent();
        }
    }

    /** When line {@code k} is due, from the start: k / rate seconds, without overflowing a long. */
    static long offsetNanos(long k, int rate) {
        return k / rate * NANOS_PER_SECOND + k % rate * NANOS_PER_SECOND / rate;
    }

    private static void sleepUntil(long due) {
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Waits for every answer and delivery, as long as something keeps arriving. */
    private void drain() throws InterruptedException {
        long progress = -1;
        long lastProgress = System.nanoTime();
        while (!(tally.answeredCount() == tally.sentCount()
                && tally.deliveryCount() >= tally.acceptedCount() * (load.readingSessions() - 1))) {
            long now = tally.deliveryCount() + tally.answeredCount();
            if (now != progress) {
                progress = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > DRAIN_QUIET.toNanos()) {
                return;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private Optional<ServerProcess.Sample> sample(Optional<ServerProcess> server) throws IOException {
        return server.isEmpty() ? Optional.empty() : Optional.of(server.get().sample());
    }

    private void progress(long start, Optional<ServerProcess> server) {
        try {
            while (true) {
                Thread.sleep(PROGRESS);
                String rss = "";
                if (server.isPresent()) {
                    long kb = server.get().sample().rssKb();
                    rss = kb < 0 ? "" : String.format(Locale.ROOT, ", server RSS %.1f MB", kb / 1024.0);
                }
                terminal.line(String.format(Locale.ROOT, "[chat-bench] %.0f s: %d sent, %d delivered, %d stalled "
                        + "users dropped, %d errors%s", (System.nanoTime() - start) / 1e9, tally.sentCount(),
                        tally.deliveryCount(), tally.stalledLeft().size(), tally.errorCount(), rss));
            }
        } catch (InterruptedException | IOException done) {
            // the load is over, or the server is gone (the report will say so)
        }
    }

    /** Keeps every reading session inside the server's idle timeout on long runs. */
    private void keepalives() {
        try {
            while (true) {
                Thread.sleep(ChatProtocol.KEEPALIVE);
                List<BenchSession> reading;
                synchronized (sessions) {
                    reading = sessions.stream().filter(s -> s.role() != Role.STALLED).toList();
                }
                for (BenchSession session : reading) {
                    try {
                        session.keepalive();
                    } catch (IOException e) {
                        // its reader reports the session's end
                    }
                }
            }
        } catch (InterruptedException done) {
            // the load is over
        }
    }

    private void closeAll() throws InterruptedException {
        List<BenchSession> all;
        synchronized (sessions) {
            all = List.copyOf(sessions);
        }
        try (ExecutorService closing = Executors.newVirtualThreadPerTaskExecutor()) {
            all.forEach(s -> closing.submit(s::close));
        }
    }
}
