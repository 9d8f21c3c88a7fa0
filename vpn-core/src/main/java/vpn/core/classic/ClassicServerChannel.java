package vpn.core.classic;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import vpn.core.ProtocolException;
import vpn.core.negotiation.CipherSuite;
import vpn.core.transport.MessageReader;
import vpn.core.transport.Transport;

/**
 * An established classic session on the server: the client's records in, replies out in clear.
 * The reference pads each reply with as many {@code 0x00} as the request's padding; so do we.
 */
final class ClassicServerChannel extends ClassicChannel {

    private final ClassicRecordReader records;
    private volatile int lastPadding;

    ClassicServerChannel(Transport transport, MessageReader reader, CipherSuite suite, ClassicRecordReader records,
            int blockSize) {
        super(transport, reader, suite, blockSize);
        this.records = records;
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
        checkLength(message);
        transport.write(Arrays.copyOf(message, message.length + lastPadding));
    }
}
