package vpn.core.classic;

import java.io.IOException;
import java.math.BigInteger;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.channel.MessageChannel;
import vpn.core.kex.DhKeyPair;
import vpn.core.kex.DiffieHellman;
import vpn.core.kex.KeyPairSource;
import vpn.core.negotiation.Choice;
import vpn.core.negotiation.CipherSuite;
import vpn.core.transport.MessageReader;
import vpn.core.transport.Transport;

/**
 * The server's side of the classic handshake, once the cipher is chosen: sends the choice, takes
 * the client's DH value, answers with its own, derives the keys.
 */
public final class ClassicServerHandshake {

    private final DiffieHellman dh;
    private final KeyPairSource keyPairs;
    private final Limits limits;

    public ClassicServerHandshake(DiffieHellman dh, KeyPairSource keyPairs, Limits limits) {
        this.dh = dh;
        this.keyPairs = keyPairs;
        this.limits = limits;
    }

    /** Sends the choice; the caller prints the transcript line for it. */
    public void announce(Transport transport, CipherSuite suite) throws IOException {
        transport.write(Choice.toBytes(suite));
    }

    /** The key exchange, after {@link #announce}. */
    public MessageChannel run(Transport transport, MessageReader reader, CipherSuite suite, CipherProvider provider)
            throws IOException, ProtocolException {
        BigInteger clientValue = reader.read("DH value", ClassicMessages.keyShareFormat(dh.group()),
                ClassicMessages.maxKeyShareBytes(dh.group()), limits.handshakeTimeout());
        DhKeyPair own = keyPairs.get();
        byte[] secret = dh.agree(own, clientValue);
        transport.write(ClassicMessages.keyShare(own.publicValue()));
        ClassicKeys keys = ClassicKeys.derive(ClassicKeys.sharedKeyHex(secret), provider, suite.keySize());
        return new ClassicServerChannel(transport, reader, suite, new ClassicRecordReader(provider, keys),
                provider.blockSize());
    }
}
