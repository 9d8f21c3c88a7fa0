package vpn.service.files.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import vpn.api.service.ServiceException;
import vpn.api.service.User;
import vpn.service.files.protocol.FilesCodec;
import vpn.service.files.protocol.FilesMessage;
import vpn.testing.QuietSession;

/** A server session without a network: what the service sends is decoded and queued for the test, in order. */
public class FakeSession extends QuietSession {

    private static final long WAIT_SECONDS = 10;

    private final BlockingQueue<FilesMessage> sent = new LinkedBlockingQueue<>();
    private final List<String> logged = new CopyOnWriteArrayList<>();

    public FakeSession(User user) {
        super(user, 65536);
    }

    public static User user(String name) {
        return new User(name, "SHA256:" + name, new byte[32]);
    }

    @Override
    public void send(byte[] message) throws IOException {
        if (message.length > maxMessageBytes()) {
            throw new IllegalArgumentException("a message holds at most " + maxMessageBytes() + " bytes");
        }
        try {
            sent.add(FilesCodec.decode(message));
        } catch (ServiceException e) {
            throw new AssertionError("the service sent a malformed message", e);
        }
    }

    /** The next message sent, waiting for it. */
    public FilesMessage next() throws InterruptedException {
        FilesMessage message = sent.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(message, "nothing was sent within " + WAIT_SECONDS + " s");
        return message;
    }

    /** The next message, which must be of {@code type}. */
    public <T extends FilesMessage> T next(Class<T> type) throws InterruptedException {
        FilesMessage message = next();
        if (!type.isInstance(message)) {
            throw new AssertionError("expected " + type.getSimpleName() + ", got " + message);
        }
        return type.cast(message);
    }

    /** Nothing more was sent so far. */
    public boolean quiet() {
        return sent.isEmpty();
    }

    public List<String> logged() {
        return logged;
    }

    @Override
    public void log(String line) {
        logged.add(line);
    }
}
