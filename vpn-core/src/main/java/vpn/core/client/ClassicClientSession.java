package vpn.core.client;

import java.io.IOException;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.classic.ClassicMessages;
import vpn.core.classic.ClassicRecordWriter;
import vpn.core.negotiation.CipherSuite;
import vpn.core.transport.MessageReader;
import vpn.core.transport.Transport;

/** An established classic session, from the client's side: send a message, get the server's reply. */
public final class ClassicClientSession implements ClientSession {

    private final Transport transport;
    private final MessageReader reader;
    private final CipherSuite suite;
    private final ClassicRecordWriter records;
    private final Limits limits;

    ClassicClientSession(Transport transport, MessageReader reader, CipherSuite suite,
            ClassicRecordWriter records, Limits limits) {
        this.transport = transport;
        this.reader = reader;
        this.suite = suite;
        this.records = records;
        this.limits = limits;
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
        return limits.maxRecordCiphertext() - (records.paddedLength(1) - 1);
    }

    /** The reply comes in clear; its padding is stripped. */
    @Override
    public String exchange(String message) throws IOException, ProtocolException {
        byte[] plaintext = checkedBytes(message);
        transport.write(records.seal(plaintext));
        // A reply carries the text and up to a block of padding.
        int maxReply = ClassicMessages.REPLY_PREFIX.length() + plaintext.length + records.paddedLength(1) + 1;
        return reader.read("reply", ClassicMessages.replyFormat(message), maxReply, limits.handshakeTimeout());
    }

    /** Ends the session the classic way: by closing the connection, with no message. */
    @Override
    public void close() throws IOException {
        transport.close();
    }
}
