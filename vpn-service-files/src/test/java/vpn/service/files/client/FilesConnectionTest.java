package vpn.service.files.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import vpn.api.service.Channel;
import vpn.api.service.ChannelException;
import vpn.service.files.protocol.FilesCodec;
import vpn.service.files.protocol.FilesMessage;
import vpn.service.files.protocol.FilesMessage.Data;
import vpn.service.files.protocol.FilesMessage.End;
import vpn.service.files.protocol.FilesMessage.Failed;
import vpn.service.files.protocol.FilesMessage.Ok;
import vpn.service.files.protocol.FilesMessage.Ready;
import vpn.service.files.protocol.Reason;

/**
 * Deferred verdicts (what lets several uploads commit on the server while the next is sent), and
 * a download's DATA taken on the reader thread.
 */
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

    private static Data data(int id, String text) {
        return new Data(id, text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(FilesMessage message) {
        Data data = assertInstanceOf(Data.class, message);
        return new String(data.bytes(), StandardCharsets.US_ASCII);
    }

    @Test
    void routedDataGoToTheirHandlerOnTheReaderThreadInOrderAndTheOtherMessagesToNext() throws IOException {
        Scripted server = new Scripted();
        List<String> taken = new CopyOnWriteArrayList<>();
        try (FilesConnection connection = FilesConnection.over(server)) {
            connection.route(1, data -> taken.add(Thread.currentThread().getName() + ":"
                    + new String(data.bytes(), StandardCharsets.US_ASCII)));
            server.says(data(1, "one"));
            server.says(data(2, "other request"));
            server.says(data(1, "two"));
            server.says(new End(1, 6, NOTHING));
            assertEquals("other request", text(connection.next()), "another request's DATA still queue");
            assertInstanceOf(End.class, connection.next(1));
            assertEquals(List.of("files-reader:one", "files-reader:two"), taken,
                    "both chunks taken, in order, before the END was handed on");
            connection.unroute(1);
            server.says(data(1, "three"));
            assertEquals("three", text(connection.next(1)), "unrouted: from next again");
        }
    }

    /**
     * The reader reads every message into one buffer: a DATA it queues is copied out first, so
     * messages read after it do not change it.
     */
    @Test
    void queuedDataKeepTheirBytesWhileLaterMessagesAreRead() throws Exception {
        Scripted server = new Scripted();
        java.util.concurrent.CountDownLatch later = new java.util.concurrent.CountDownLatch(1);
        try (FilesConnection connection = FilesConnection.over(server)) {
            connection.route(1, data -> later.countDown());
            server.says(data(2, "queued chunk"));
            server.says(data(1, "a later message, read into the same buffer"));
            assertTrue(later.await(5, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("queued chunk", text(connection.next()));
        }
    }

    @Test
    void aFailingHandlerIsUnroutedAndItsFailureComesFromNextBeforeTheRest() throws IOException {
        Scripted server = new Scripted();
        try (FilesConnection connection = FilesConnection.over(server)) {
            connection.route(1, data -> {
                throw new IOException("No space left on device");
            });
            server.says(data(1, "one"));
            server.says(data(1, "two"));
            server.says(new End(1, 6, NOTHING));
            FilesConnection.LocalFailure failure =
                    assertThrows(FilesConnection.LocalFailure.class, () -> connection.next(1));
            assertEquals("No space left on device", failure.failure().getMessage());
            assertEquals("one", text(connection.next(1)), "the chunk the handler failed on");
            assertEquals("two", text(connection.next(1)));
            assertInstanceOf(End.class, connection.next(1));
        }
    }
}
