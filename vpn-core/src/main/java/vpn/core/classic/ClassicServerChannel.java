package vpn.core.classic;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import vpn.core.ProtocolException;
import vpn.core.channel.MessageChannel;
import vpn.core.negotiation.CipherSuite;
import vpn.core.transport.MessageReader;
import vpn.core.transport.Transport;

/**
 * An established classic session on the server: the client's records in, replies out in clear.
 * The reference pads each reply with as many {@code 0x00} as the request's padding; so do we.
 * A classic session ends when the client closes the connection.
 */
final class ClassicServerChannel implements MessageChannel {

    private final Transport transport;
    private final MessageReader reader;
    private final CipherSuite suite;
    private final ClassicRecordReader records;
    private final int maxMessage;
    private volatile int lastPadding;

    ClassicServerChannel(Transport transport, MessageReader reader, CipherSuite suite, ClassicRecordReader records,
            int blockSize) {
        this.transport = transport;
        this.reader = reader;
        this.suite = suite;
        this.records = records;
        this.maxMessage = ClassicProtocol.maxMessage(blockSize);
    }

    @Override
    public CipherSuite suite() {
        return suite;
    }

    @Override
    public boolean secure() {
        return false;
    }

    @Override
    public int maxMessageBytes() {
        return maxMessage;
    }

    @Override
    public Optional<byte[]> receive(Duration timeout) throws IOException, ProtocolException {
        Optional<ClassicRecordReader.Verified> record = reader.readOptional("record", records,
                ClassicProtocol.MAX_RECORD_CIPHERTEXT + ClassicProtocol.TAG_HEX_LENGTH, timeout);
        if (record.isEmpty()) {
            return Optional.empty();
        }
        ClassicRecordReader.Opened opened = records.open(record.get());
        lastPadding = opened.padding();
        reader.shrink();
        return Optional.of(opened.plaintext());
    }

    @Override
    public synchronized void send(byte[] message) throws IOException {
        if (message.length > maxMessage) {
            throw new IllegalArgumentException("a reply holds at most " + maxMessage + " bytes, not " + message.length);
        }
        transport.write(Arrays.copyOf(message, message.length + lastPadding));
    }

    /** The classic protocol has no close message: the connection is closed. */
    @Override
    public void close() throws IOException {
        transport.close();
    }

    @Override
    public void abort() throws IOException {
        transport.close();
    }
}
