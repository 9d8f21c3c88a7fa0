package vpn.core.classic;

import java.io.IOException;
import vpn.core.channel.MessageChannel;
import vpn.core.negotiation.CipherSuite;
import vpn.core.transport.MessageReader;
import vpn.core.transport.Transport;

/**
 * What both ends of an established classic session share: the connection, the suite, and the
 * message limit of one record. The classic protocol has no close message: ending a session is
 * closing the connection.
 */
abstract class ClassicChannel implements MessageChannel {

    final Transport transport;
    final MessageReader reader;
    final int blockSize;
    final int maxMessage;
    private final CipherSuite suite;

    ClassicChannel(Transport transport, MessageReader reader, CipherSuite suite, int blockSize) {
        this.transport = transport;
        this.reader = reader;
        this.suite = suite;
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

    /** @throws IllegalArgumentException if {@code message} is longer than one record carries */
    void checkLength(byte[] message) {
        if (message.length > maxMessage) {
            throw new IllegalArgumentException("the message is " + message.length
                    + " bytes; one message holds at most " + maxMessage);
        }
    }

    @Override
    public void close() throws IOException {
        transport.close();
    }

    @Override
    public void abort() throws IOException {
        transport.close();
    }
}
