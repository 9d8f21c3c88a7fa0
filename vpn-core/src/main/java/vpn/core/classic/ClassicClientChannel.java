package vpn.core.classic;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import vpn.core.ProtocolException;
import vpn.core.channel.MessageChannel;
import vpn.core.negotiation.CipherSuite;
import vpn.core.transport.MessageReader;
import vpn.core.transport.Transport;

/**
 * An established classic session on the client: messages out as records, replies in clear and
 * unframed (their zero padding stripped). Classic mode authenticates nobody and protects only the
 * client's direction.
 */
final class ClassicClientChannel implements MessageChannel {

    private final Transport transport;
    private final MessageReader reader;
    private final CipherSuite suite;
    private final ClassicRecordWriter records;
    private final int blockSize;
    private final int maxMessage;

    ClassicClientChannel(Transport transport, MessageReader reader, CipherSuite suite, ClassicRecordWriter records,
            int blockSize) {
        this.transport = transport;
        this.reader = reader;
        this.suite = suite;
        this.records = records;
        this.blockSize = blockSize;
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
    public synchronized void send(byte[] message) throws IOException {
        if (message.length > maxMessage) {
            throw new IllegalArgumentException("the message is " + message.length
                    + " bytes; one message holds at most " + maxMessage);
        }
        transport.write(records.seal(message));
    }

    @Override
    public Optional<byte[]> receive(Duration timeout) throws IOException, ProtocolException {
        return read(null, timeout);
    }

    @Override
    public Optional<byte[]> receiveReply(byte[] expected, Duration timeout) throws IOException, ProtocolException {
        return read(expected, timeout);
    }

    private Optional<byte[]> read(byte[] expected, Duration timeout) throws IOException, ProtocolException {
        // A reply carries a message and up to a block of padding.
        int limit = Math.max(maxMessage, expected == null ? 0 : expected.length) + blockSize;
        Optional<byte[]> reply = reader.readOptional("reply", ClassicMessages.replyFormat(expected), limit, timeout);
        reader.shrink();
        return reply;
    }

    /** Ends the session the classic way: by closing the connection, with no message. */
    @Override
    public void close() throws IOException {
        transport.close();
    }

    @Override
    public void abort() throws IOException {
        transport.close();
    }
}
