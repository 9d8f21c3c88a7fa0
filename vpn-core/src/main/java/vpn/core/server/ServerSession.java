package vpn.core.server;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.Printable;
import vpn.core.ProtocolException;
import vpn.core.Transcript;
import vpn.core.classic.ClassicKeys;
import vpn.core.classic.ClassicMessages;
import vpn.core.classic.ClassicRecordReader;
import vpn.core.kex.DhKeyPair;
import vpn.core.kex.DiffieHellman;
import vpn.core.kex.ServerKeyPairs;
import vpn.core.negotiation.Choice;
import vpn.core.negotiation.CipherSuite;
import vpn.core.negotiation.Proposal;
import vpn.core.negotiation.Selection;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.SecureChannel;
import vpn.core.secure.SecureServerHandshake;
import vpn.core.transport.MessageReader;
import vpn.core.transport.Transport;

/**
 * The server's side of one session: reads the proposal, picks the cipher, then runs secure mode if
 * the client asked for it and classic mode otherwise; answers each message with its reversal until
 * the client ends the session. Runs on the connection's own thread.
 */
public final class ServerSession {

    private final CipherRegistry registry;
    private final DiffieHellman dh;
    private final ServerKeyPairs keyPairs;
    private final SecureServerHandshake secure;
    private final Limits limits;

    public ServerSession(CipherRegistry registry, DiffieHellman dh, SecureServerHandshake secure, Limits limits) {
        this(registry, dh, ServerKeyPairs.direct(dh), secure, limits);
    }

    /** @param keyPairs where the server's classic DH key pairs come from: a pool, or {@code dh} itself */
    public ServerSession(CipherRegistry registry, DiffieHellman dh, ServerKeyPairs keyPairs,
            SecureServerHandshake secure, Limits limits) {
        this.registry = registry;
        this.dh = dh;
        this.keyPairs = keyPairs;
        this.secure = secure;
        this.limits = limits;
    }

    /**
     * Serves the client on {@code transport} until it ends the session.
     *
     * @throws ProtocolException when the client breaks the protocol; the caller closes the
     *     connection and logs the reason
     */
    public void run(Transport transport, Transcript transcript) throws ProtocolException, IOException {
        keyPairs.handshakeStarted();
        HandshakeEnd end = new HandshakeEnd(keyPairs);
        try {
            run(transport, transcript, end);
        } finally {
            end.run();
        }
    }

    /** Tells the key-pair source once that this session's handshake is over, however it ended. */
    private static final class HandshakeEnd implements Runnable {
        private final ServerKeyPairs keyPairs;
        private boolean done;

        HandshakeEnd(ServerKeyPairs keyPairs) {
            this.keyPairs = keyPairs;
        }

        @Override
        public void run() {
            if (!done) {
                done = true;
                keyPairs.handshakeDone();
            }
        }
    }

    private void run(Transport transport, Transcript transcript, HandshakeEnd end) throws ProtocolException, IOException {
        MessageReader reader = new MessageReader(transport, limits);

        transcript.line("Negotiating the cipher");
        ClassicMessages.ReceivedProposal received = reader.read("proposal", ClassicMessages.proposalFormat(),
                limits.maxProposalBytes(), limits.handshakeTimeout());
        Proposal proposal = received.proposal();
        Optional<CipherSuite> choice = Selection.select(registry.providers(), proposal);
        if (choice.isEmpty()) {
            transport.write(Choice.NO_COMMON_CIPHER.getBytes(StandardCharsets.US_ASCII));
            throw new ProtocolException(ProtocolException.Reason.NO_COMMON_CIPHER,
                    Choice.NO_COMMON_CIPHER + " (client proposed " + proposal.encode() + ")");
        }
        CipherSuite suite = choice.get();
        CipherProvider provider = registry.find(suite.name()).orElseThrow();
        if (SecureServerHandshake.requested(proposal)) {
            serveSecure(transport, reader, received, suite, provider, transcript, end);
        } else {
            serveClassic(transport, reader, suite, provider, transcript, end);
        }
    }

    private void serveClassic(Transport transport, MessageReader reader, CipherSuite suite, CipherProvider provider,
            Transcript transcript, HandshakeEnd end) throws ProtocolException, IOException {
        transport.write(Choice.toBytes(suite));
        transcript.line("We are going to use " + suite.label());

        transcript.line("Negotiating the key");
        BigInteger clientValue = reader.read("DH value", ClassicMessages.keyShareFormat(dh.group()),
                ClassicMessages.maxKeyShareBytes(dh.group()), limits.handshakeTimeout());
        DhKeyPair own = keyPairs.get();
        byte[] secret = dh.agree(own, clientValue);
        transport.write(ClassicMessages.keyShare(own.publicValue()));
        ClassicKeys keys = ClassicKeys.derive(ClassicKeys.sharedKeyHex(secret), provider, suite.keySize());
        end.run();
        transcript.line("The key has been established");

        ClassicRecordReader records = new ClassicRecordReader(provider, keys);
        int maxRecord = limits.maxRecordCiphertext() + 64;
        while (true) {
            Optional<ClassicRecordReader.Verified> record = reader.readOptional("record", records, maxRecord, limits.idleTimeout());
            if (record.isEmpty()) {
                return;
            }
            ClassicRecordReader.Opened opened = records.open(record.get());
            String text = ClassicMessages.utf8(opened.plaintext());
            transcript.line("Received: " + Printable.of(text));
            transport.write(ClassicMessages.reply(text, opened.padding()));
            reader.shrink();
        }
    }

    private void serveSecure(Transport transport, MessageReader reader, ClassicMessages.ReceivedProposal received,
            CipherSuite suite, CipherProvider provider, Transcript transcript, HandshakeEnd end)
            throws ProtocolException, IOException {
        transcript.line("We are going to use " + suite.label());
        transcript.line("Negotiating the key");
        SecureChannel channel = secure.run(transport, reader, received.proposal(), received.bytes(), suite, provider);
        end.run();
        transcript.line("Secure mode: " + channel.keyExchange().name().replace('_', '-') + " key exchange");
        transcript.line("The key has been established");
        try {
            while (true) {
                Optional<byte[]> message = channel.receive(limits.idleTimeout());
                if (message.isEmpty()) {
                    return;
                }
                channel.send(reply(message.get(), transcript));
            }
        } catch (ProtocolException | IOException e) {
            channel.abort();
            throw e;
        }
    }

    /** {@code Server says: } and the message reversed: by code point for text, by byte otherwise. */
    private static byte[] reply(byte[] message, Transcript transcript) {
        byte[] prefix = ClassicMessages.REPLY_PREFIX.getBytes(StandardCharsets.US_ASCII);
        byte[] reversed;
        try {
            String text = ClassicMessages.utf8(message);
            transcript.line("Received: " + Printable.of(text));
            reversed = new StringBuilder(text).reverse().toString().getBytes(StandardCharsets.UTF_8);
        } catch (ProtocolException notText) {
            transcript.line("Received: (" + message.length + " bytes of binary data)");
            reversed = new byte[message.length];
            for (int i = 0; i < message.length; i++) {
                reversed[i] = message[message.length - 1 - i];
            }
        }
        byte[] reply = java.util.Arrays.copyOf(prefix, prefix.length + reversed.length);
        System.arraycopy(reversed, 0, reply, prefix.length, reversed.length);
        return reply;
    }
}
