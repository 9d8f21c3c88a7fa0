package vpn.service.chat.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import vpn.service.chat.protocol.ChatProtocol;

/**
 * The arguments of {@code vpn chat-bench} that the app leaves to it (the app takes the server's
 * address and the client's security options). Two forms: {@code --prepare DIR --users N} makes the
 * users' keys, and {@code --keys DIR --users N [...]} runs the load. Each option takes a value,
 * as {@code --rate 100} or {@code --rate=100}.
 */
public sealed interface BenchArguments {

    /** {@code --prepare DIR --users N}: N keys, and the files the server and the load need. */
    record Prepare(Path dir, int users) implements BenchArguments {
    }

    /**
     * {@code --keys DIR --users N ...}: the load.
     *
     * @param active users who broadcast ({@code --users})
     * @param idle users who only read ({@code --idle})
     * @param idleSessions sessions of each idle user ({@code --idle-sessions}, 1 to 8): the room
     *     holds at most {@value ChatProtocol#MAX_USERS} users, so more sessions than that need users
     *     with several sessions
     * @param rate broadcasts per second, all active users together ({@code --rate}); 0 only holds
     *     the sessions open for the duration
     * @param stalled users who join and never read again ({@code --stalled})
     * @param size bytes of UTF-8 in each broadcast's text ({@code --size})
     * @param readerServers where the idle users' sessions connect, in turn ({@code --servers
     *     HOST:PORT,...}): other servers of a cluster, so that every line they read crossed the bus;
     *     empty: the server the app names, as everyone else
     */
    record Load(Path keys, int active, int idle, int idleSessions, int rate, Duration duration, int stalled,
            OptionalLong serverPid, int size, List<HostPort> readerServers) implements BenchArguments {

        public Load {
            readerServers = List.copyOf(readerServers);
        }

        /** Keys the load uses: one per user; the file's first {@code active}, then the idle, then the stalled users'. */
        public int keysNeeded() {
            return active + idle + stalled;
        }

        /** Sessions that read: every one but the stalled users'. */
        public int readingSessions() {
            return active + idle * idleSessions;
        }

        /** Broadcasts the run sends: {@code rate} a second for the whole duration. */
        public long broadcasts() {
            return rate * duration.toSeconds();
        }
    }

    String PREPARE = "--prepare";
    String KEYS = "--keys";
    String USERS = "--users";
    String IDLE = "--idle";
    String IDLE_SESSIONS = "--idle-sessions";
    String RATE = "--rate";
    String DURATION = "--duration";
    String STALLED = "--stalled";
    String SERVER_PID = "--server-pid";
    String SIZE = "--size";
    String SERVERS = "--servers";

    /** A server of {@code --servers}. */
    record HostPort(String host, int port) {
        static HostPort parse(String text) {
            int colon = text.lastIndexOf(':');
            String host = colon > 0 ? text.substring(0, colon) : "";
            int port;
            try {
                port = colon > 0 ? Integer.parseInt(text.substring(colon + 1)) : -1;
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (host.isEmpty() || port < 1 || port > 65535) {
                throw new IllegalArgumentException(SERVERS + " takes HOST:PORT[,HOST:PORT...], not '" + text + "'");
            }
            return new HostPort(host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host,
                    port);
        }
    }

    int DEFAULT_RATE = 100;
    int DEFAULT_DURATION_SECONDS = 30;
    int DEFAULT_SIZE = 64;
    /** The shortest text: the marker and a send time of up to 19 digits fit in it. */
    int MIN_SIZE = BenchText.MIN_LENGTH;

    /**
     * @throws IllegalArgumentException with the usage error's text, for an unknown or repeated
     *     option, a missing or bad value, or options of both forms
     */
    static BenchArguments parse(List<String> arguments) {
        Map<String, String> given = new HashMap<>();
        Set<String> known = Set.of(PREPARE, KEYS, USERS, IDLE, IDLE_SESSIONS, RATE, DURATION, STALLED, SERVER_PID, SIZE,
                SERVERS);
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            int equals = argument.indexOf('=');
            String option = equals > 0 ? argument.substring(0, equals) : argument;
            if (!known.contains(option)) {
                throw new IllegalArgumentException("unknown argument '" + argument
                        + "' (vpn chat-bench --help lists the options)");
            }
            String value;
            if (equals > 0) {
                value = argument.substring(equals + 1);
            } else if (i + 1 < arguments.size()) {
                value = arguments.get(++i);
            } else {
                value = "";
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            if (given.put(option, value) != null) {
                throw new IllegalArgumentException(option + " is given twice");
            }
        }
        if (given.containsKey(PREPARE) == given.containsKey(KEYS)) {
            throw new IllegalArgumentException("give either " + PREPARE + " DIR (make the keys) or " + KEYS
                    + " DIR (run the load)");
        }
        if (!given.containsKey(USERS)) {
            throw new IllegalArgumentException(USERS + " N is needed");
        }
        if (given.containsKey(PREPARE)) {
            given.keySet().stream().filter(o -> !o.equals(PREPARE) && !o.equals(USERS)).sorted().findFirst()
                    .ifPresent(o -> {
                        throw new IllegalArgumentException(o + " is for the load, not for " + PREPARE);
                    });
            return new Prepare(Path.of(given.get(PREPARE)), number(given, USERS, 1, 100_000, 0));
        }
        return new Load(Path.of(given.get(KEYS)),
                number(given, USERS, 1, 100_000, 0),
                number(given, IDLE, 0, 100_000, 0),
                number(given, IDLE_SESSIONS, 1, ChatProtocol.MAX_SESSIONS_PER_USER, 1),
                number(given, RATE, 0, 1_000_000, DEFAULT_RATE),
                Duration.ofSeconds(number(given, DURATION, 1, 86_400, DEFAULT_DURATION_SECONDS)),
                number(given, STALLED, 0, 100_000, 0),
                given.containsKey(SERVER_PID) ? OptionalLong.of(number(given, SERVER_PID, 1, Integer.MAX_VALUE, 0))
                        : OptionalLong.empty(),
                number(given, SIZE, MIN_SIZE, ChatProtocol.MAX_LINE_BYTES, DEFAULT_SIZE),
                given.containsKey(SERVERS) ? Arrays.stream(given.get(SERVERS).split(",", -1)).map(HostPort::parse).toList()
                        : List.of());
    }

    private static int number(Map<String, String> given, String option, int min, int max, int otherwise) {
        String value = given.get(option);
        if (value == null) {
            return otherwise;
        }
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, not '" + value + "'");
        }
        if (number < min || number > max) {
            throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", not " + number);
        }
        return number;
    }
}
