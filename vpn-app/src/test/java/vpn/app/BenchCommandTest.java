package vpn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import vpn.api.CipherProvider;
import vpn.api.service.Service;
import vpn.api.service.ServiceSession;
import vpn.api.service.SessionHandler;
import vpn.core.Limits;
import vpn.core.Transcript;
import vpn.core.classic.ClassicServerHandshake;
import vpn.core.kex.DhGroup;
import vpn.core.kex.DiffieHellman;
import vpn.core.kex.KeyPairSource;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.SecureServerHandshake;
import vpn.core.secure.ServerIdentity;
import vpn.core.server.ServerSession;
import vpn.core.server.VpnServer;
import vpn.core.service.ServiceRegistry;
import vpn.service.echo.EchoReply;
import vpn.service.echo.EchoService;

/** {@code vpn bench} in-process against servers whose echo is right, or wrong in the ways a load may reveal. */
class BenchCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** The installed echo's name and version, answering as {@code answer} says. */
    private record Echo(java.util.function.Function<ServiceSession, SessionHandler> answer) implements Service {
        @Override
        public String name() {
            return EchoService.NAME;
        }

        @Override
        public int version() {
            return EchoService.VERSION;
        }

        @Override
        public String description() {
            return "an echo for the test";
        }

        @Override
        public SessionHandler open(ServiceSession session) {
            return answer.apply(session);
        }
    }

    /** An echo that answers its third message with its second message's reply once more: a repeated reply. */
    private static SessionHandler repeatingOnce(ServiceSession session) {
        return new SessionHandler() {
            private int count;
            private byte[] previous;

            @Override
            public void onMessage(byte[] message) throws java.io.IOException {
                byte[] reply = ++count == 3 ? previous : EchoReply.to(message);
                previous = reply;
                session.send(reply);
            }
        };
    }

    private int bench(Service echo, String... args) throws Exception {
        SecureRandom random = new SecureRandom();
        DiffieHellman dh = new DiffieHellman(DhGroup.MODP_8192, random);
        CipherRegistry ciphers = CipherRegistry.ofProviders(ServiceLoader.load(CipherProvider.class).stream()
                .map(ServiceLoader.Provider::get).toArray(CipherProvider[]::new));
        KeyPairSource pairs = KeyPairSource.direct(dh);
        ServerSession sessions = new ServerSession(ciphers, ServiceRegistry.of(echo),
                new ClassicServerHandshake(dh, pairs, Limits.DEFAULT),
                new SecureServerHandshake(ServerIdentity.generate(random), random, Limits.DEFAULT,
                        SecureServerHandshake.DEFAULT_PREFERENCE, dh, null), Limits.DEFAULT);
        try (VpnServer server = new VpnServer(sessions, 16, Transcript.SILENT)) {
            int port = server.bind("127.0.0.1", 0).getPort();
            server.start();
            List<String> all = new java.util.ArrayList<>(List.of("bench", "--host", "127.0.0.1",
                    "--port", String.valueOf(port), "--quiet"));
            all.addAll(List.of(args));
            return Main.run(all.toArray(String[]::new), new Console(out, err, new StringReader("")));
        }
    }

    private String field(String name) {
        String line = out.toString().lines().filter(l -> l.startsWith("BENCH {")).findFirst()
                .orElseThrow(() -> new AssertionError("no BENCH line: " + out + err));
        Matcher m = Pattern.compile("\"" + name + "\":([^,}]*)").matcher(line);
        assertTrue(m.find(), name + " in " + line);
        return m.group(1);
    }

    @Test
    void everyReplyOfARightEchoIsCheckedAndCounted() throws Exception {
        assertEquals(0, bench(new Echo(new EchoService()::open), "--sessions", "3", "--messages", "7"), out + " " + err);
        assertEquals("21", field("round_trips"));
        assertEquals("0", field("mismatches"));
        assertEquals("0", field("errors"));
    }

    @Test
    void aRepeatedReplyIsAMismatchAndTheRunFails() throws Exception {
        // Every message differs, so the second reply sent again is caught at the third message.
        assertEquals(1, bench(new Echo(BenchCommandTest::repeatingOnce), "--sessions", "2", "--messages", "5"));
        assertEquals("4", field("round_trips"));
        assertEquals("2", field("mismatches"));
        assertEquals("2", field("errors"));
        assertTrue(out.toString().contains("error: wrong reply in session 0, message 2: Server says: "), out.toString());
    }

    @Test
    void anIdentityNeedsSecureMode() throws Exception {
        assertEquals(2, bench(new Echo(new EchoService()::open), "--mode", "classic", "--identity", "no-such-key"));
        assertTrue(err.toString().contains("--identity needs secure mode"), err.toString());
    }

    @Test
    void messagesDifferAndBeginWithTheirSessionAndNumber() {
        assertEquals("s3m14:ghij", new String(BenchCommand.message(10, 3, 14), java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("s3m1", new String(BenchCommand.message(4, 3, 14), java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("abcdefghijklmnopqrstuvwxyzab".substring(6),
                new String(BenchCommand.message(28, 0, 0), java.nio.charset.StandardCharsets.US_ASCII).substring(6));
    }
}
