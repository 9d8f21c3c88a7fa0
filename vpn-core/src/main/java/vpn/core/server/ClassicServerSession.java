package vpn.core.server;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.Transcript;
import vpn.core.classic.ClassicKeys;
import vpn.core.classic.ClassicMessages;
import vpn.core.classic.ClassicRecordReader;
import vpn.core.kex.DhKeyPair;
import vpn.core.kex.DiffieHellman;
import vpn.core.negotiation.Choice;
import vpn.core.negotiation.CipherSuite;
import vpn.core.negotiation.Proposal;
import vpn.core.negotiation.Selection;
import vpn.core.registry.CipherRegistry;
import vpn.core.transport.MessageReader;
import vpn.core.transport.Transport;

/**
 * The server's side of one classic session: negotiation, key exchange, then messages answered
 * with their reversal until the client closes. Runs on the connection's own thread.
 */
public final class ClassicServerSession {

    private static final String RECORD = "record";

    private final CipherRegistry registry;
    private final DiffieHellman dh;
    private final Limits limits;

    public ClassicServerSession(CipherRegistry registry, DiffieHellman dh, Limits limits) {
        this.registry = registry;
        this.dh = dh;
        this.limits = limits;
    }

    /**
     * Serves the client on {@code transport} until it closes the connection.
     *
     * @throws ProtocolException when the client breaks the protocol; the caller closes the
     *     connection and logs the reason
     */
    public void run(Transport transport, Transcript transcript) throws ProtocolException, IOException {
        MessageReader reader = new MessageReader(transport, limits);

        transcript.line("Negotiating the cipher");
        Proposal proposal = reader.read("proposal", ClassicMessages.proposalFormat(),
                limits.maxProposalBytes(), limits.handshakeTimeout());
        Optional<CipherSuite> choice = Selection.select(registry.providers(), proposal);
        if (choice.isEmpty()) {
            transport.write(Choice.NO_COMMON_CIPHER.getBytes(StandardCharsets.US_ASCII));
            throw new ProtocolException(ProtocolException.Reason.NO_COMMON_CIPHER,
                    Choice.NO_COMMON_CIPHER + " (client proposed " + proposal.encode() + ")");
        }
        CipherSuite suite = choice.get();
        transport.write(Choice.toBytes(suite));
        transcript.line("We are going to use " + suite.label());

        transcript.line("Negotiating the key");
        BigInteger clientValue = reader.read("DH value", ClassicMessages.keyShareFormat(dh.group()),
                ClassicMessages.maxKeyShareBytes(dh.group()), limits.handshakeTimeout());
        DhKeyPair own = dh.generateKeyPair();
        byte[] secret = dh.agree(own, clientValue);
        transport.write(ClassicMessages.keyShare(own.publicValue()));
        CipherProvider provider = registry.find(suite.name()).orElseThrow();
        ClassicKeys keys = ClassicKeys.derive(ClassicKeys.sharedKeyHex(secret), provider, suite.keySize());
        transcript.line("The key has been established");

        ClassicRecordReader records = new ClassicRecordReader(provider, keys);
        int maxRecord = limits.maxRecordCiphertext() + 64;
        while (true) {
            Optional<byte[]> ciphertext = reader.readOptional(RECORD, records, maxRecord, limits.idleTimeout());
            if (ciphertext.isEmpty()) {
                return;
            }
            ClassicRecordReader.Opened opened = records.open(ciphertext.get());
            String text = ClassicMessages.utf8(opened.plaintext());
            transcript.line("Received: " + text);
            transport.write(ClassicMessages.reply(text, opened.padding()));
            reader.shrink();
        }
    }
}
