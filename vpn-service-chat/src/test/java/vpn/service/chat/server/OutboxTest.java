package vpn.service.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.SocketException;
import java.util.List;
import org.junit.jupiter.api.Test;
import vpn.service.chat.testing.FakeSession;
import vpn.service.chat.testing.TestUser;

/** How a failed write ends a session: quietly when the connection is gone, with the reason otherwise. */
class OutboxTest {

    /** A session whose every write fails with {@code failure}. */
    private static FakeSession failingWith(IOException failure) {
        return new FakeSession(TestUser.named("alice").user(), "alice#1") {
            @Override
            public void sendAll(List<byte[]> messages) throws IOException {
                throw failure;
            }
        };
    }

    private static String endAfterOneWrite(FakeSession session) throws InterruptedException {
        Outbox outbox = new Outbox(session, RoomLimits.DEFAULT);
        outbox.start();
        outbox.offer(new byte[] {1});
        return session.awaitDisconnect();
    }

    @Test
    void aConnectionThatIsGoneIsClosedWithoutBlamingTheWrite() throws InterruptedException {
        // FakeSession reports close() as the reason "closed"; disconnect(reason) would log the reason.
        assertEquals("closed", endAfterOneWrite(failingWith(new SocketException("Broken pipe"))));
    }

    @Test
    void aPeerThatStoppedReadingIsDisconnectedWithTheReason() throws InterruptedException {
        assertEquals("chat: writing failed: the peer stopped reading for 5 s",
                endAfterOneWrite(failingWith(new IOException("the peer stopped reading for 5 s"))));
    }
}
