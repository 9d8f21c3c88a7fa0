package vpn.core.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vpn.core.Limits;
import vpn.core.testing.EchoClient.EchoSession;
import vpn.core.registry.CipherRegistry;
import vpn.core.testing.Fixtures;
import vpn.core.testing.Recorder;
import vpn.core.testing.Vectors;

/** A client that asks for secure mode and then misbehaves: refused in one line, others still served. */
class HostileSecureClientTest {

    private static final Limits LIMITS = Limits.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(2));

    private final Recorder serverLines = new Recorder();
    private Fixtures.RunningServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        server = Fixtures.startServer(LIMITS, ServerIdentity.generate(Fixtures.RANDOM), serverLines);
        port = server.port();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static Stream<Arguments> badClientKeys() {
        return Stream.of(
                Arguments.of("all-zero X25519 share", frame(0x02, share(new byte[32])), "invalid X25519 share: small-order point"),
                Arguments.of("short share", frame(0x02, share(new byte[31])), "invalid X25519 share: wrong length"),
                Arguments.of("length field lies", frame(0x02, new byte[] {0, 40, 1, 2}), "malformed ClientKey"),
                Arguments.of("a record instead", frame(0x17, new byte[48]), "expected the ClientKey"),
                Arguments.of("oversize frame", new byte[] {0x02, (byte) 0xff, (byte) 0xff, (byte) 0xff}, "longer than the limit"),
                Arguments.of("silence", new byte[0], "timed out waiting for the ClientKey"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badClientKeys")
    void aBadClientKeyIsRefusedAndTheServerGoesOn(String name, byte[] clientKey, String reason) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("ProposedCiphers:AES:[256],SecureModeV2:[25519]".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] header = in.readNBytes(4);
            assertEquals(0x01, header[0], () -> "a ServerHello; the server said " + serverLines.lines());
            in.readNBytes((header[1] & 0xff) << 16 | (header[2] & 0xff) << 8 | (header[3] & 0xff));
            out.write(clientKey);
            assertEquals(-1, in.read(), "the server closes without a ServerAuth");
        }
        assertTrue(serverLines.awaitLineContaining(reason, 4000), serverLines.lines().toString());
        try (EchoSession good = Fixtures.client(CipherRegistry.ofProviders(Vectors.provider("AES")), LIMITS,
                ClientSecurity.secure(Fixtures.freshKnownHosts())).connect("127.0.0.1", port, new Recorder())) {
            assertEquals("Server says: ko", good.exchange("ok"));
        }
    }

    private static byte[] share(byte[] bytes) {
        byte[] out = new byte[bytes.length + 2];
        out[0] = (byte) (bytes.length >>> 8);
        out[1] = (byte) bytes.length;
        System.arraycopy(bytes, 0, out, 2, bytes.length);
        return out;
    }

    private static byte[] frame(int type, byte[] payload) {
        return Frames.encode(type, payload);
    }
}
