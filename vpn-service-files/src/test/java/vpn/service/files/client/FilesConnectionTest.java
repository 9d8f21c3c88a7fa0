package vpn.service.files.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import vpn.api.service.Channel;
import vpn.api.service.ChannelException;
import vpn.service.files.protocol.FilesCodec;
import vpn.service.files.protocol.FilesMessage;
import vpn.service.files.protocol.FilesMessage.Failed;
import vpn.service.files.protocol.FilesMessage.Ok;
import vpn.service.files.protocol.FilesMessage.Ready;
import vpn.service.files.protocol.Reason;

/** Deferred verdicts: what lets several uploads commit on the server while the next is sent. */
class FilesConnectionTest {

    /** A server that says what the test scripts, in that order. */
    private static final class Scripted implements Channel {
        private final BlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();

        void says(FilesMessage message) {
            toClient.add(FilesCodec.encode(message));
        }

        @Override
        public void send(byte[] message) {
        }

        @Override
        public Optional<byte[]> receive() throws IOException {
            try {
                return Optional.of(toClient.take());
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        }

        @Override
        public Optional<byte[]> awaitReply(byte[] expected) throws IOException {
            return receive();
        }

        @Override
        public int maxMessageBytes() {
            return 65_536;
        }

        @Override
        public void close() {
        }
    }

    private static final byte[] NOTHING = new byte[32];

    @Test
    void aDeferredVerdictThatComesFirstIsKeptForLater() throws IOException {
        Scripted server = new Scripted();
        try (FilesConnection connection = FilesConnection.over(server)) {
            connection.defer(1);
            connection.defer(2);
            server.says(new Failed(2, Reason.EXISTS, "b exists on the server"));
            server.says(new Ok(1));
            server.says(new Ready(3, 0, NOTHING));
            assertInstanceOf(Ready.class, connection.next(3), "the third request's answer, past two verdicts");
            assertInstanceOf(Ok.class, connection.verdict(1));
            assertEquals("b exists on the server", ((Failed) connection.verdict(2)).text());
        }
    }

    @Test
    void aVerdictNotYetComeIsWaitedFor() throws IOException {
        Scripted server = new Scripted();
        try (FilesConnection connection = FilesConnection.over(server)) {
            connection.defer(1);
            assertTrue(connection.poll().isEmpty());
            server.says(new Ok(1));
            assertInstanceOf(Ok.class, connection.verdict(1));
        }
    }

    @Test
    void pollingDuringAnUploadSkipsDeferredVerdicts() throws IOException {
        Scripted server = new Scripted();
        try (FilesConnection connection = FilesConnection.over(server)) {
            connection.defer(1);
            server.says(new Ok(1));
            server.says(new Failed(2, Reason.WRITE_FAILED, "disk full"));
            FilesMessage early = null;
            for (int i = 0; i < 200 && early == null; i++) { // the reader thread delivers asynchronously
                early = connection.poll().orElse(null);
                Thread.onSpinWait();
                if (early == null) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            }
            assertInstanceOf(Failed.class, early, "the upload under way's own FAILED");
            assertEquals(2, early.id());
            assertInstanceOf(Ok.class, connection.verdict(1));
        }
    }

    @Test
    void aVerdictForARequestNobodyDeferredIsStillAProtocolError() throws IOException {
        Scripted server = new Scripted();
        try (FilesConnection connection = FilesConnection.over(server)) {
            server.says(new Ok(1));
            ChannelException wrong = assertThrows(ChannelException.class, () -> connection.next(2));
            assertEquals("the server answered request 1 while 2 was open", wrong.getMessage());
        }
    }
}
