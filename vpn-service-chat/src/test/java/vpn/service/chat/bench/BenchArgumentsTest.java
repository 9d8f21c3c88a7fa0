package vpn.service.chat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import vpn.service.chat.bench.BenchArguments.Load;
import vpn.service.chat.bench.BenchArguments.Prepare;

/** {@code vpn chat-bench}'s own arguments: both forms, the defaults, and every usage error's text. */
class BenchArgumentsTest {

    private static BenchArguments parse(String... arguments) {
        return BenchArguments.parse(List.of(arguments));
    }

    private static String error(String... arguments) {
        return assertThrows(IllegalArgumentException.class, () -> parse(arguments)).getMessage();
    }

    @Test
    void prepareTakesAFolderAndTheNumberOfUsers() {
        assertEquals(new Prepare(Path.of("dir"), 1000), parse("--prepare", "dir", "--users", "1000"));
        assertEquals(new Prepare(Path.of("dir"), 2), parse("--users=2", "--prepare=dir"));
    }

    @Test
    void theLoadHasDefaultsForAllButTheKeysAndTheUsers() {
        assertEquals(new Load(Path.of("k"), 100, 0, 1, 100, Duration.ofSeconds(30), 0, OptionalLong.empty(), 64, List.of()),
                parse("--keys", "k", "--users", "100"));
    }

    @Test
    void everyOptionOfTheLoad() {
        Load load = (Load) parse("--keys", "k", "--users", "100", "--idle", "300", "--idle-sessions=3", "--rate", "400",
                "--duration", "60", "--stalled", "2", "--server-pid", "4242", "--size", "1000");
        assertEquals(new Load(Path.of("k"), 100, 300, 3, 400, Duration.ofSeconds(60), 2, OptionalLong.of(4242), 1000, List.of()),
                load);
        assertEquals(402, load.keysNeeded(), "one key per user");
        assertEquals(1000, load.readingSessions(), "100 active + 300 idle users x 3 sessions");
        assertEquals(24_000, load.broadcasts());
    }

    @Test
    void theReadersMayGoToOtherServers() {
        Load load = (Load) parse("--keys", "k", "--users", "1", "--servers", "127.0.0.1:4602,[::1]:4603,vpn2:1");
        assertEquals(List.of(new BenchArguments.HostPort("127.0.0.1", 4602), new BenchArguments.HostPort("::1", 4603),
                new BenchArguments.HostPort("vpn2", 1)), load.readerServers());
        assertEquals("--servers takes HOST:PORT[,HOST:PORT...], not 'vpn2'",
                error("--keys", "k", "--users", "1", "--servers", "vpn2"));
        assertEquals("--servers takes HOST:PORT[,HOST:PORT...], not ':4602'",
                error("--keys", "k", "--users", "1", "--servers", ":4602"));
        assertEquals("--servers takes HOST:PORT[,HOST:PORT...], not 'a:65536'",
                error("--keys", "k", "--users", "1", "--servers", "a:1,a:65536"));
        assertEquals("--servers takes HOST:PORT[,HOST:PORT...], not ''",
                error("--keys", "k", "--users", "1", "--servers", "a:1,"));
    }

    @Test
    void usageErrorsSayWhatIsWrong() {
        assertEquals("unknown argument '--bogus' (vpn chat-bench --help lists the options)",
                error("--keys", "k", "--users", "1", "--bogus"));
        assertEquals("give either --prepare DIR (make the keys) or --keys DIR (run the load)", error("--users", "1"));
        assertEquals("give either --prepare DIR (make the keys) or --keys DIR (run the load)",
                error("--prepare", "a", "--keys", "b", "--users", "1"));
        assertEquals("--users N is needed", error("--keys", "k"));
        assertEquals("--rate needs a value", error("--keys", "k", "--users", "1", "--rate"));
        assertEquals("--rate needs a value", error("--keys", "k", "--users", "1", "--rate="));
        assertEquals("--rate needs a whole number, not 'fast'", error("--keys", "k", "--users", "1", "--rate", "fast"));
        assertEquals("--users must be between 1 and 100000, not 0", error("--keys", "k", "--users", "0"));
        assertEquals("--idle-sessions must be between 1 and 8, not 9",
                error("--keys", "k", "--users", "1", "--idle-sessions", "9"));
        assertEquals("--size must be between 27 and 4000, not 10", error("--keys", "k", "--users", "1", "--size", "10"));
        assertEquals("--users is given twice", error("--keys", "k", "--users", "1", "--users", "2"));
        assertEquals("--rate is for the load, not for --prepare", error("--prepare", "d", "--users", "1", "--rate", "5"));
    }
}
