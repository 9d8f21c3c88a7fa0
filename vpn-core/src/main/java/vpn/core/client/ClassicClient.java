package vpn.core.client;

import java.io.IOException;
import java.math.BigInteger;
import java.util.function.Supplier;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.Transcript;
import vpn.core.classic.ClassicKeys;
import vpn.core.classic.ClassicMessages;
import vpn.core.classic.ClassicRecordWriter;
import vpn.core.kex.DhKeyPair;
import vpn.core.kex.DiffieHellman;
import vpn.core.negotiation.CipherSuite;
import vpn.core.registry.CipherRegistry;
import vpn.core.transport.MessageReader;
import vpn.core.transport.Transport;

/** The rest of a classic handshake on the client, once the server has chosen a cipher. */
final class ClassicClient {

    private final CipherRegistry registry;
    private final DiffieHellman dh;
    private final Supplier<DhKeyPair> keyPairs;
    private final Limits limits;

    ClassicClient(CipherRegistry registry, DiffieHellman dh, Supplier<DhKeyPair> keyPairs, Limits limits) {
        this.registry = registry;
        this.dh = dh;
        this.keyPairs = keyPairs;
        this.limits = limits;
    }

    ClassicClientSession establish(Transport transport, MessageReader reader, CipherSuite suite, Transcript transcript)
            throws IOException, ProtocolException {
        transcript.line("We are going to use " + suite.label());
        transcript.line("Negotiating the key");
        DhKeyPair own = keyPairs.get();
        transport.write(ClassicMessages.keyShare(own.publicValue()));
        BigInteger serverValue = reader.read("DH value", ClassicMessages.keyShareFormat(dh.group()),
                ClassicMessages.maxKeyShareBytes(dh.group()), limits.handshakeTimeout());
        byte[] secret = dh.agree(own, serverValue);
        CipherProvider provider = registry.find(suite.name()).orElseThrow();
        ClassicKeys keys = ClassicKeys.derive(ClassicKeys.sharedKeyHex(secret), provider, suite.keySize());
        transcript.line("The key has been established");
        return new ClassicClientSession(transport, reader, suite, new ClassicRecordWriter(provider, keys), limits);
    }
}
