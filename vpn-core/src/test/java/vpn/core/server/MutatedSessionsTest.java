package vpn.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.classic.ClassicServerHandshake;
import vpn.core.client.VpnClient;
import vpn.core.kex.DiffieHellman;
import vpn.core.kex.KeyPairSource;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.ClientSecurity;
import vpn.core.secure.KeyExchange;
import vpn.core.secure.KnownHosts;
import vpn.core.secure.SecureServerHandshake;
import vpn.core.secure.ServerIdentity;
import vpn.core.service.ServiceRegistry;
import vpn.core.testing.EchoClient;
import vpn.core.testing.EchoClient.EchoSession;
import vpn.core.testing.Fixtures;
import vpn.core.testing.Recorder;
import vpn.core.testing.TargetTempDir;
import vpn.core.testing.Vectors;
import vpn.core.transport.SocketTransport;
import vpn.core.transport.Transport;
import vpn.service.echo.EchoService;

/**
 * Thousands of sessions against a live server on 127.0.0.1, each one a good session of one kind
 * (secure mode with X25519 and one of four ciphers, or classic with one of three) with one of its
 * client's writes mutated: bits flipped, cut short, bytes inserted, deleted or appended, a frame's
 * length field changed, the write sent twice. The writes are a good session's, as recorded once for
 * each kind; each mutated session runs it live (its own handshake, so the records before the
 * mutated one are good), and the client closes its write side right after the mutated write, so that
 * the server sees the end at once instead of waiting out a timeout.
 *
 * <p>Whatever the server makes of it, every session must end in one line saying so, with a protocol
 * refusal or a close, never an internal error; none may wait for a timeout; and the server must go
 * on serving good clients. The randomness is seeded; a failure prints the seed and the failing
 * sessions ({@code -Dmutation.seed=S} replays all, {@code -Dmutation.session=N} one).
 *
 * <p>Classic sessions use {@link Fixtures#SMALL_GROUP}, the same code as the 8192-bit group at a
 * hundredth of the cost.
 */
class MutatedSessionsTest {

    /** About 8 s on a busy two-core machine: room enough in CI's minute. */
    private static final int SESSIONS = 4000;
    private static final int CONCURRENCY = 8;
    private static final Limits LIMITS = Limits.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(10))
            .withIdleTimeout(Duration.ofSeconds(10)).withWriteTimeout(Duration.ofSeconds(10));
    /** The server's lines for a session's start and end (with its address in front while several are open). */
    private static final Pattern NEW = Pattern.compile("^(?:\\[\\S+] )?New client: (\\S+)$");
    private static final Pattern END = Pattern.compile("^(?:error: )?(?:Closed|Ended) (\\S+): (.*)$");

    /** One kind of good session: the mode and the cipher its client offers. */
    private record Kind(String name, boolean secure, String cipher) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("secure AES-GCM", true, "AES-GCM"), new Kind("secure AES", true, "AES"),
            new Kind("secure Blowfish", true, "Blowfish"), new Kind("secure XOR", true, "XOR"),
            new Kind("classic AES", false, "AES"), new Kind("classic Blowfish", false, "Blowfish"),
            new Kind("classic DES", false, "DES"));

    /** One mutated session, as a failure reports it. */
    private record Planned(int index, Kind kind, int write, String mutation) {
        @Override
        public String toString() {
            return "session " + index + " (" + kind.name() + "): write " + write + " " + mutation;
        }
    }

    @TempDir(factory = TargetTempDir.class)
    Path folder;

    @Test
    @Timeout(120)
    void thousandsOfMutatedSessionsEndInProtocolRefusalsAndTheServerServesOn() throws Exception {
        long seed = Long.getLong("mutation.seed", new SecureRandom().nextLong());
        int only = Integer.getInteger("mutation.session", -1);
        Recorder lines = new Recorder();
        SecureRandom random = new SecureRandom();
        DiffieHellman dh = new DiffieHellman(Fixtures.SMALL_GROUP, random);
        KeyPairSource pairs = KeyPairSource.direct(dh);
        ServerIdentity identity = ServerIdentity.generate(random);
        CipherRegistry ciphers = CipherRegistry.ofProviders(Vectors.secureProviders().toArray(CipherProvider[]::new));
        ServerSession sessions = new ServerSession(ciphers, ServiceRegistry.of(new EchoService()),
                new ClassicServerHandshake(dh, pairs, LIMITS), new SecureServerHandshake(identity, random, LIMITS,
                        SecureServerHandshake.DEFAULT_PREFERENCE, dh, null), LIMITS);
        // Every session comes from 127.0.0.1, many at once: per-source MaxStartups would drop some.
        VpnServer server = new VpnServer(sessions, 256, lines, VpnServer.Threads.VIRTUAL,
                VpnServer.Verbosity.VERBOSE, new Startups(MaxStartups.parse("100000"), random));
        int port = server.bind("127.0.0.1", 0).getPort();
        server.start();
        try {
            KnownHosts knownHosts = new KnownHosts(folder.resolve("known_hosts"));
            // The recorded good sessions: how many writes each kind makes (and the first pins the key).
            Map<Kind, Integer> writes = new ConcurrentHashMap<>();
            for (Kind kind : KINDS) {
                Recording recording = new Recording();
                assertEquals("Server says: olleh", session(kind, port, knownHosts, recording),
                        () -> kind.name() + " is not a good session: " + lines.lines());
                writes.put(kind, recording.writes);
            }

            long start = System.nanoTime();
            // By the client's address; the system reuses a port once the server has closed first.
            Map<String, List<Planned>> byPeer = new ConcurrentHashMap<>();
            // Sessions whose first write was cut to nothing: closed before a byte, like a health check, no line.
            java.util.concurrent.atomic.AtomicInteger silent = new java.util.concurrent.atomic.AtomicInteger();
            try (ExecutorService clients = Executors.newFixedThreadPool(CONCURRENCY)) {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < SESSIONS; i++) {
                    if (only >= 0 && i != only) {
                        continue;
                    }
                    int index = i;
                    done.add(clients.submit(() -> {
                        Random mutations = new Random(seed + index);
                        Kind kind = KINDS.get(mutations.nextInt(KINDS.size()));
                        Mutating transport = new Mutating(mutations, mutations.nextInt(writes.get(kind)), kind.secure());
                        session(kind, port, knownHosts, transport);
                        if (transport.sentNothing) {
                            silent.incrementAndGet();
                            return null;
                        }
                        byPeer.computeIfAbsent(transport.localPeer, p -> new CopyOnWriteArrayList<>())
                                .add(new Planned(index, kind, transport.target, transport.mutation));
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get();
                }
            }
            long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
            int mutated = byPeer.values().stream().mapToInt(List::size).sum();

            // Then a good client of each mode is served.
            for (Kind kind : List.of(KINDS.get(0), KINDS.get(4))) {
                assertEquals("Server says: olleh", session(kind, port, knownHosts, new Recording()),
                        () -> "after the mutated sessions, " + kind.name() + ": " + lines.lines());
            }
            int sessionsRun = mutated + KINDS.size() + 2;
            System.out.println("MutatedSessionsTest: " + silent.get() + " sessions sent nothing");
            awaitEnds(lines, sessionsRun);
            check(lines.lines(), byPeer, seed, sessionsRun, elapsed);
        } finally {
            server.close();
        }
    }

    /** Runs {@code kind}'s good session over {@code transport}'s mutation; returns the last reply, or the failure. */
    private static String session(Kind kind, int port, KnownHosts knownHosts, Recording transport) {
        SecureRandom random = new SecureRandom();
        CipherRegistry offer = OFFERS.computeIfAbsent(kind, MutatedSessionsTest::offer);
        ClientSecurity security = kind.secure()
                ? ClientSecurity.secure(knownHosts).offering(List.of(KeyExchange.X25519))
                : ClientSecurity.classic(knownHosts);
        EchoClient client = new EchoClient(new VpnClient(offer, new DiffieHellman(Fixtures.SMALL_GROUP, random), LIMITS,
                random, security));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            transport.connect(socket);
            try (EchoSession session = client.handshake(transport, "127.0.0.1:" + port, new Recorder())) {
                session.exchange("hello");
                return session.exchange("hello");
            }
        } catch (IOException | ProtocolException | RuntimeException e) {
            return e.toString();
        }
    }

    /** What each kind's client offers: its one cipher, named, so that weak ones are offered too. */
    private static final Map<Kind, CipherRegistry> OFFERS = new ConcurrentHashMap<>();

    private static CipherRegistry offer(Kind kind) {
        try {
            return CipherRegistry.ofProviders(Vectors.provider(kind.cipher())).restrict(Map.of(kind.cipher(), List.of()));
        } catch (vpn.core.registry.RegistryException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client's transport that counts its writes: the recording of a good session. */
    private static class Recording implements Transport {
        int writes;
        String localPeer = "?";
        SocketTransport socket;
        Socket raw;

        void connect(Socket socket) throws IOException {
            this.raw = socket;
            this.socket = new SocketTransport(socket);
            this.localPeer = SocketTransport.format((java.net.InetSocketAddress) socket.getLocalSocketAddress());
        }

        @Override
        public int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException {
            return socket.read(buffer, offset, length, timeout);
        }

        @Override
        public void write(byte[] message) throws IOException {
            writes++;
            socket.write(message);
        }

        @Override
        public String peer() {
            return socket.peer();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Mutates one of the client's writes, sends it, and closes the write side. */
    private static final class Mutating extends Recording {
        private final Random random;
        private final int target;
        private final boolean frames;
        private String mutation = "(not reached)";
        private boolean shut;
        /** The first write was cut to nothing: the server saw a connection close before a byte. */
        boolean sentNothing;

        Mutating(Random random, int target, boolean secure) {
            this.random = random;
            this.target = target;
            // In secure mode every write after the proposal is a frame: type, u24 length, payload.
            this.frames = secure;
        }

        @Override
        public void write(byte[] message) throws IOException {
            if (shut) {
                throw new IOException("the test client closed its write side");
            }
            int index = writes++;
            if (index != target) {
                socket.write(message);
                return;
            }
            StringBuilder what = new StringBuilder();
            byte[] mutated = message;
            for (int n = 1 + (random.nextInt(4) == 0 ? 1 : 0); n > 0; n--) {
                mutated = mutate(mutated, frames && index > 0, what);
            }
            mutation = what.toString();
            if (mutated.length > 0) {
                socket.write(mutated);
            }
            sentNothing = index == 0 && mutated.length == 0;
            raw.shutdownOutput();
            shut = true;
        }

        private byte[] mutate(byte[] m, boolean frame, StringBuilder what) {
            int kind = random.nextInt(frame ? 8 : 7);
            switch (kind) {
                case 0, 1 -> {
                    byte[] out = m.clone();
                    int flips = 1 + random.nextInt(3);
                    for (int i = 0; i < flips && out.length > 0; i++) {
                        int bit = random.nextInt(out.length * 8);
                        out[bit / 8] ^= (byte) (1 << (bit % 8));
                        what.append("flip bit ").append(bit).append("; ");
                    }
                    return out;
                }
                case 2 -> {
                    int at = m.length == 0 ? 0 : random.nextInt(m.length);
                    what.append("cut at ").append(at).append(" of ").append(m.length).append("; ");
                    return Arrays.copyOf(m, at);
                }
                case 3 -> {
                    int at = random.nextInt(m.length + 1);
                    byte[] inserted = new byte[1 + random.nextInt(16)];
                    random.nextBytes(inserted);
                    what.append("insert ").append(inserted.length).append(" bytes at ").append(at).append("; ");
                    byte[] out = new byte[m.length + inserted.length];
                    System.arraycopy(m, 0, out, 0, at);
                    System.arraycopy(inserted, 0, out, at, inserted.length);
                    System.arraycopy(m, at, out, at + inserted.length, m.length - at);
                    return out;
                }
                case 4 -> {
                    if (m.length == 0) {
                        return m;
                    }
                    int from = random.nextInt(m.length);
                    int to = from + 1 + random.nextInt(Math.min(16, m.length - from));
                    what.append("delete ").append(from).append("..").append(to).append("; ");
                    byte[] out = new byte[m.length - (to - from)];
                    System.arraycopy(m, 0, out, 0, from);
                    System.arraycopy(m, to, out, from, m.length - to);
                    return out;
                }
                case 5 -> {
                    what.append("sent twice; ");
                    byte[] out = Arrays.copyOf(m, 2 * m.length);
                    System.arraycopy(m, 0, out, m.length, m.length);
                    return out;
                }
                case 6 -> {
                    byte[] garbage = new byte[1 + random.nextInt(64)];
                    random.nextBytes(garbage);
                    what.append("append ").append(garbage.length).append(" bytes; ");
                    byte[] out = Arrays.copyOf(m, m.length + garbage.length);
                    System.arraycopy(garbage, 0, out, m.length, garbage.length);
                    return out;
                }
                default -> {
                    if (m.length < 4) {
                        return m;
                    }
                    int length = (m[1] & 0xff) << 16 | (m[2] & 0xff) << 8 | (m[3] & 0xff);
                    int[] choices = {0, length - 1, length + 1, length + 16, 0xffffff, 65605, random.nextInt(1 << 24)};
                    int value = Math.max(0, choices[random.nextInt(choices.length)]);
                    what.append("length field ").append(length).append(" -> ").append(value).append("; ");
                    byte[] out = m.clone();
                    out[1] = (byte) (value >>> 16);
                    out[2] = (byte) (value >>> 8);
                    out[3] = (byte) value;
                    return out;
                }
            }
        }
    }

    /** Waits until every session the server took has reported its end. */
    private static void awaitEnds(Recorder lines, int sessions) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            long ends = lines.lines().stream().filter(l -> END.matcher(l).find()).count();
            if (ends >= sessions) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private static void check(List<String> lines, Map<String, List<Planned>> byPeer, long seed, int sessions,
            long millis) {
        Map<String, Integer> opened = new TreeMap<>();
        Map<String, List<String>> ended = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        List<String> bad = new ArrayList<>();
        for (String line : lines) {
            Matcher start = NEW.matcher(line);
            if (start.find()) {
                opened.merge(start.group(1), 1, Integer::sum);
            }
            Matcher end = END.matcher(line);
            if (end.find()) {
                ended.computeIfAbsent(end.group(1), p -> new ArrayList<>()).add(end.group(2));
                // By kind: numbers and what follows a parenthesis or a quote (the peer's text) left out.
                reasons.merge(end.group(2).replaceAll("\\d+", "N").replaceAll(" [('].*", ""), 1, Integer::sum);
                if (end.group(2).contains("internal error") || end.group(2).contains("timed out")) {
                    bad.add(line + "  <- " + byPeer.get(end.group(1)));
                }
            }
            if (line.startsWith("error:") || line.startsWith("warning:") || line.contains("internal error")) {
                bad.add(line + "  <- " + describe(line, byPeer));
            }
        }
        int sessionsOpened = opened.values().stream().mapToInt(Integer::intValue).sum();
        for (var entry : opened.entrySet()) {
            List<String> ends = ended.getOrDefault(entry.getKey(), List.of());
            if (ends.size() != entry.getValue()) {
                bad.add(entry.getKey() + ": " + entry.getValue() + " session(s), ended " + ends + "  <- "
                        + byPeer.get(entry.getKey()));
            }
        }
        String summary = sessions + " sessions in " + millis + " ms; seed " + seed + " (-Dmutation.seed=" + seed
                + " replays them); how they ended:\n  " + String.join("\n  ", reasons.entrySet().stream()
                        .map(e -> e.getValue() + " x " + e.getKey()).toList());
        System.out.println("MutatedSessionsTest: " + summary);
        if (!bad.isEmpty() || sessionsOpened != sessions) {
            fail(bad.size() + " sessions did not end in a protocol refusal or close (" + sessionsOpened + " of "
                    + sessions + " opened):\n  " + String.join("\n  ", bad.subList(0, Math.min(40, bad.size()))) + "\n" + summary);
        }
    }

    private static List<Planned> describe(String line, Map<String, List<Planned>> byPeer) {
        return byPeer.entrySet().stream().filter(e -> line.contains(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(List.of());
    }
}
