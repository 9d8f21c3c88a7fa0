package vpn.core.classic;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import vpn.core.ProtocolException;
import vpn.core.negotiation.CipherSuite;
import vpn.core.transport.MessageReader;
import vpn.core.transport.Transport;

/**
 * An established classic session on the client: messages out as records, replies in clear and
 * unframed (their zero padding stripped). Classic mode authenticates nobody and protects only the
 * client's direction.
 */
final class ClassicClientChannel extends ClassicChannel {

    private final ClassicRecordWriter records;

    ClassicClientChannel(Transport transport, MessageReader reader, CipherSuite suite, ClassicRecordWriter records,
            int blockSize) {
        super(transport, reader, suite, blockSize);
        this.records = records;
    }

    @Override
    public synchronized void send(byte[] message) throws IOException {
        checkLength(message);
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
}
