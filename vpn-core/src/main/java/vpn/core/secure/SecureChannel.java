package vpn.core.secure;

import java.io.Closeable;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.negotiation.CipherSuite;
import vpn.core.transport.MessageReader;
import vpn.core.transport.Transport;

/**
 * An established secure-mode connection: protected records both ways. A session ends with an
 * authenticated Close record; a connection that ends without one was truncated, and says so.
 * Used from one thread at a time.
 */
public final class SecureChannel implements Closeable {

    private static final vpn.core.transport.MessageFormat<Frames.Frame> RECORDS =
            Frames.format(SecureProtocol.MAX_RECORD_PAYLOAD, false);

    private final Transport transport;
    private final MessageReader reader;
    private final RecordLayer sending;
    private final RecordLayer receiving;
    private final SecureRandom random;
    private final CipherSuite suite;
    private final KeyExchange keyExchange;
    private final String serverFingerprint;
    private boolean closed;

    SecureChannel(Transport transport, MessageReader reader, CipherSuite suite, KeyExchange keyExchange,
            String serverFingerprint, CipherProvider provider, byte[] sendSecret, byte[] receiveSecret,
            SecureRandom random) {
        this.transport = transport;
        this.reader = reader;
        this.suite = suite;
        this.keyExchange = keyExchange;
        this.serverFingerprint = serverFingerprint;
        this.sending = new RecordLayer(provider, suite.keySize(), Direction.ENCRYPT, sendSecret);
        this.receiving = new RecordLayer(provider, suite.keySize(), Direction.DECRYPT, receiveSecret);
        this.random = random;
    }

    public CipherSuite suite() {
        return suite;
    }

    public KeyExchange keyExchange() {
        return keyExchange;
    }

    public String serverFingerprint() {
        return serverFingerprint;
    }

    /**
     * Sends one message (any bytes) as one record. Clients send at most
     * {@link SecureProtocol#MAX_MESSAGE} bytes; a record holds a little more, for the reply to one.
     */
    public void send(byte[] message) throws IOException {
        if (message.length > SecureProtocol.MAX_RECORD_DATA) {
            throw new IllegalArgumentException("a record holds at most " + SecureProtocol.MAX_RECORD_DATA
                    + " bytes, not " + message.length);
        }
        transport.write(sending.seal(SecureProtocol.DATA, message, random));
    }

    /**
     * The next message, exactly as sent; empty when the peer closed the session properly.
     *
     * @throws ProtocolException if a record fails verification, or the connection ends without
     *     the peer's Close record (truncation)
     */
    public Optional<byte[]> receive(Duration timeout) throws IOException, ProtocolException {
        Optional<Frames.Frame> frame = reader.readOptional("record",
                RECORDS, SecureProtocol.MAX_RECORD_PAYLOAD + 4, timeout);
        if (frame.isEmpty()) {
            throw new ProtocolException(Reason.CLOSED,
                    "the connection ended without the peer's close record: the session was truncated");
        }
        int type = frame.get().type();
        if (type != SecureProtocol.DATA && type != SecureProtocol.CLOSE) {
            throw new ProtocolException(Reason.MALFORMED, "unexpected frame type " + type + " in a session");
        }
        byte[] data = receiving.open(type, frame.get().payload());
        if (type == SecureProtocol.CLOSE) {
            return Optional.empty();
        }
        reader.shrink();
        return Optional.of(data);
    }

    /** Epochs the ratchet has moved through, per direction (for tests and diagnostics). */
    public int sendEpoch() {
        return sending.epoch();
    }

    public int receiveEpoch() {
        return receiving.epoch();
    }

    /** Sends the authenticated Close record, then closes the connection. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            transport.write(sending.seal(SecureProtocol.CLOSE, new byte[0], random));
        } finally {
            transport.close();
        }
    }

    /** Closes the connection without a Close record: after an error, when the peer cannot be trusted. */
    public void abort() throws IOException {
        closed = true;
        transport.close();
    }
}
