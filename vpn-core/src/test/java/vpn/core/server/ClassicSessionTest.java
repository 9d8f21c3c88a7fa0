package vpn.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.testing.EchoClient.EchoSession;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.ServerIdentity;
import vpn.core.testing.Fixtures;
import vpn.core.testing.PipeTransport;
import vpn.core.testing.Recorder;
import vpn.core.testing.Vectors;

/** Whole classic sessions over the in-memory transport: no sockets, same code paths. */
class ClassicSessionTest {

    private static final ServerIdentity IDENTITY = ServerIdentity.generate(Fixtures.RANDOM);

    @Test
    void aSessionPrintsTheReferenceTranscriptsOnBothSides() throws Exception {
        CipherRegistry registry = CipherRegistry.ofProviders(Vectors.provider("AES"), Vectors.provider("DES"));
        PipeTransport[] pipe = PipeTransport.pair();
        Recorder serverLines = new Recorder();
        CompletableFuture<Void> server = CompletableFuture.runAsync(() -> {
            try {
                Fixtures.server(registry, Limits.DEFAULT, IDENTITY).run(pipe[1], serverLines);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Recorder clientLines = new Recorder();
        try (EchoSession session = Fixtures.client(registry, Limits.DEFAULT, Fixtures.classicOnly())
                .handshake(pipe[0], "server:4600", clientLines)) {
            assertEquals("Server says: olleh", session.exchange("hello"));
            assertEquals("Server says: eyb", session.exchange("bye"));
        }
        server.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("Negotiating the cipher", "We are going to use AES256", "Negotiating the key",
                "The key has been established", "Received: hello", "Received: bye"), serverLines.lines());
        assertEquals(List.of("Negotiating the cipher", "We are going to use AES256", "Negotiating the key",
                "The key has been established"), clientLines.lines());
    }

    @Test
    void noCommonCipherIsSaidToTheClientInTheReferenceWords() throws Exception {
        CipherRegistry serverCiphers = CipherRegistry.ofProviders(Vectors.provider("AES"));
        CipherRegistry clientCiphers = CipherRegistry.ofProviders(Vectors.provider("DES"));
        PipeTransport[] pipe = PipeTransport.pair();
        CompletableFuture<ProtocolException> server = CompletableFuture.supplyAsync(() ->
                assertThrows(ProtocolException.class,
                        () -> Fixtures.server(serverCiphers, Limits.DEFAULT, IDENTITY).run(pipe[1], new Recorder())));
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> Fixtures.client(clientCiphers, Limits.DEFAULT, Fixtures.classicOnly())
                        .handshake(pipe[0], "server:4600", new Recorder()));
        assertEquals(ProtocolException.Reason.NO_COMMON_CIPHER, e.reason());
        assertEquals("Could not agree on a cipher", e.getMessage());
        assertEquals(ProtocolException.Reason.NO_COMMON_CIPHER, server.get(10, TimeUnit.SECONDS).reason());
        assertEquals("Could not agree on a cipher", Vectors.ascii(pipe[1].written().get(0)));
    }
}
