package vpn.core.secure;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.channel.MessageChannel;
import vpn.core.negotiation.CipherSuite;
import vpn.core.transport.MessageFormat;
import vpn.core.transport.MessageReader;
import vpn.core.transport.Transport;

/**
 * An established secure-mode connection: protected records both ways, each message at most
 * {@link SecureProtocol#MAX_MESSAGE} bytes. A session ends with an authenticated Close record: the
 * side that ends sends Close and closes the connection without waiting; the other answers with
 * its own Close, unless it sent one already. A connection that ends without a Close was
 * truncated, and says so. Sending is thread-safe; receiving is for one thread.
 */
public final class SecureChannel implements MessageChannel {

    private final Transport transport;
    private final MessageReader reader;
    private final RecordLayer sending;
    private final RecordLayer receiving;
    private final SecureRandom random;
    private final CipherSuite suite;
    private final KeyExchange keyExchange;
    private final String serverFingerprint;
    private final MessageFormat<Received> records;
    private final int maxRecordPayload;
    private final byte[] handshakeHash;
    /** The frame buffer reused while records are large; see {@link #frameBuffer}. Guarded by this. */
    private byte[] sendBuffer;
    private volatile boolean closed;

    /**
     * Frames up to this length are sealed into an array of their own; longer ones into
     * {@link #sendBuffer}, kept while records stay long: a stream of 64 KiB records then allocates
     * and zeroes nothing per record, and a session of small messages keeps no buffer.
     */
    private static final int SMALL_FRAME = 2048;

    /** One opened record: its type and its data. */
    record Received(int type, byte[] data) {
    }

    /** One record opened into the receiver's buffer: its type and its data's length. */
    private record Opened(int type, int length) {
    }

    SecureChannel(Transport transport, MessageReader reader, CipherSuite suite, KeyExchange keyExchange,
            String serverFingerprint, CipherProvider provider, byte[] sendSecret, byte[] receiveSecret,
            SecureRandom random, byte[] handshakeHash) {
        this.transport = transport;
        this.handshakeHash = handshakeHash.clone();
        this.reader = reader;
        this.suite = suite;
        this.keyExchange = keyExchange;
        this.serverFingerprint = serverFingerprint;
        this.sending = new RecordLayer(provider, suite.keySize(), Direction.ENCRYPT, sendSecret);
        this.receiving = new RecordLayer(provider, suite.keySize(), Direction.DECRYPT, receiveSecret);
        this.random = random;
        this.maxRecordPayload = SecureProtocol.maxRecordPayload(provider.blockSize(), provider.aead());
        this.records = Frames.whole(maxRecordPayload, this::openRecord);
    }

    @Override
    public CipherSuite suite() {
        return suite;
    }

    @Override
    public boolean secure() {
        return true;
    }

    public KeyExchange keyExchange() {
        return keyExchange;
    }

    public String serverFingerprint() {
        return serverFingerprint;
    }

    @Override
    public int maxMessageBytes() {
        return SecureProtocol.MAX_MESSAGE;
    }

    /** Sends one message (any bytes) as one Data record. */
    @Override
    public void send(byte[] message) throws IOException {
        send(message, 0, message.length);
    }

    /** Sends {@code length} bytes of {@code bytes} from {@code offset} as one Data record, without copying them first. */
    @Override
    public void send(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length > SecureProtocol.MAX_MESSAGE) {
            throw new IllegalArgumentException("a message holds at most " + SecureProtocol.MAX_MESSAGE
                    + " bytes, not " + length);
        }
        sendRecord(SecureProtocol.DATA, bytes, offset, length);
    }

    /** Seals every message as a Data record and writes them with one write. */
    @Override
    public void sendAll(java.util.List<byte[]> messages) throws IOException {
        for (byte[] message : messages) {
            if (message.length > SecureProtocol.MAX_MESSAGE) {
                throw new IllegalArgumentException("a message holds at most " + SecureProtocol.MAX_MESSAGE
                        + " bytes, not " + message.length);
            }
        }
        synchronized (this) {
            if (closed) {
                throw new IOException("the session is closed");
            }
            long total = 0;
            for (byte[] message : messages) {
                total += sending.frameLength(message.length);
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("too many messages for one write: " + total + " bytes");
            }
            byte[] batch = new byte[(int) total];
            int at = 0;
            for (byte[] message : messages) {
                at += sending.seal(SecureProtocol.DATA, message, 0, message.length, random, batch, at);
            }
            transport.write(batch);
        }
    }

    void sendRecord(int type, byte[] data) throws IOException {
        sendRecord(type, data, 0, data.length);
    }

    private synchronized void sendRecord(int type, byte[] data, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("the session is closed");
        }
        byte[] frame = frameBuffer(sending.frameLength(length));
        int frameLength = sending.seal(type, data, offset, length, random, frame, 0);
        transport.write(frame, 0, frameLength);
    }

    /** An array for a frame of {@code frameLength} bytes: see {@link #SMALL_FRAME}. */
    private byte[] frameBuffer(int frameLength) {
        if (frameLength <= SMALL_FRAME) {
            sendBuffer = null;
            return new byte[frameLength];
        }
        if (sendBuffer == null || sendBuffer.length < frameLength) {
            sendBuffer = new byte[frameLength];
        }
        return sendBuffer;
    }

    /**
     * The next message, exactly as sent; empty when the peer closed the session properly (this
     * side has then answered with its own Close and closed the connection).
     *
     * @throws ProtocolException if a record fails verification, is too long, is not a Data record,
     *     or the connection ends without the peer's Close record (truncation)
     */
    @Override
    public Optional<byte[]> receive(Duration timeout) throws IOException, ProtocolException {
        Received record = receiveRecord(timeout);
        return isData(record.type()) ? Optional.of(record.data()) : Optional.empty();
    }

    /**
     * The next message, opened straight into {@code buffer}: a stream of 64 KiB records then
     * allocates and zeroes nothing per record, which cost a download a tenth of its CPU
     * (docs/performance.md, "Files").
     */
    @Override
    public int receive(byte[] buffer, Duration timeout) throws IOException, ProtocolException {
        requireRoom(buffer);
        MessageFormat<Opened> into = Frames.whole(maxRecordPayload, (type, frame, payloadLength) -> {
            checkType(type);
            int length = receiving.open(type, frame, SecureProtocol.FRAME_HEADER, payloadLength, buffer, 0);
            checkData(type, length);
            return new Opened(type, length);
        });
        Opened record = read(into, timeout);
        return isData(record.type()) ? record.length() : -1;
    }

    /** True for a Data record; after a Close, closes this side too and says false. */
    private boolean isData(int type) throws IOException, ProtocolException {
        return switch (type) {
            case SecureProtocol.DATA -> true;
            case SecureProtocol.CLOSE -> {
                close();
                yield false;
            }
            default -> throw new ProtocolException(Reason.MALFORMED, "unexpected record type " + type + " in a session");
        };
    }

    /** Reads and opens one record of any type; a Close must carry no data. */
    Received receiveRecord(Duration timeout) throws IOException, ProtocolException {
        return read(records, timeout);
    }

    private <T> T read(MessageFormat<T> format, Duration timeout) throws IOException, ProtocolException {
        Optional<T> record = reader.readOptional("record", format, SecureProtocol.FRAME_HEADER + maxRecordPayload,
                timeout);
        if (record.isEmpty()) {
            throw new ProtocolException(Reason.CLOSED,
                    "the connection ended without the peer's close record: the session was truncated");
        }
        reader.shrink();
        return record.get();
    }

    /**
     * Opens a whole record where it lies in the reader's buffer (no copy of its payload first);
     * its data comes back in an array of its own.
     */
    private Received openRecord(int type, byte[] buffer, int payloadLength) throws ProtocolException {
        checkType(type);
        byte[] data = receiving.open(type, buffer, SecureProtocol.FRAME_HEADER, payloadLength);
        checkData(type, data.length);
        return new Received(type, data);
    }

    private static void checkType(int type) throws ProtocolException {
        if (type != SecureProtocol.DATA && type != SecureProtocol.CLOSE && type != SecureProtocol.SERVICE
                && type != SecureProtocol.USER_AUTH) {
            throw new ProtocolException(Reason.MALFORMED, "unexpected frame type " + type + " in a session");
        }
    }

    private static void checkData(int type, int length) throws ProtocolException {
        if (length > SecureProtocol.MAX_MESSAGE) {
            throw new ProtocolException(Reason.OVERSIZE, "a record of " + length
                    + " bytes of data is longer than the limit of " + SecureProtocol.MAX_MESSAGE);
        }
        if (type == SecureProtocol.CLOSE && length != 0) {
            throw new ProtocolException(Reason.MALFORMED, "a close record carries data");
        }
    }

    /** H, the hash of the handshake that made this channel: what a user signs to authenticate. */
    byte[] handshakeHash() {
        return handshakeHash.clone();
    }

    /** Epochs the ratchet has moved through, per direction (for tests and diagnostics). */
    public int sendEpoch() {
        return sending.epoch();
    }

    public int receiveEpoch() {
        return receiving.epoch();
    }

    /** True once this side closed or aborted the session. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Sends the authenticated Close record, unless one was sent, then closes the connection. A
     * peer that has gone already cannot take the Close; that is not an error.
     */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                transport.write(sending.seal(SecureProtocol.CLOSE, new byte[0], random));
            } catch (IOException peerGone) {
                // nothing to tell a peer that is not there
            } finally {
                closed = true;
            }
        }
        transport.close();
    }

    /** Closes the connection without a Close record: after an error, when the peer cannot be trusted. */
    @Override
    public void abort() throws IOException {
        closed = true;
        transport.close();
    }
}
