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
import vpn.core.negotiation.CipherSuite;
import vpn.core.transport.MessageReader;
import vpn.core.transport.Transport;

/** The client's side of the classic handshake, once the server has chosen a cipher. */
public final class ClassicClientHandshake {

    private final DiffieHellman dh;
    private final KeyPairSource keyPairs;
    private final Limits limits;

    /** @param keyPairs a fresh pair per session for anything but a load tool, which may reuse one */
    public ClassicClientHandshake(DiffieHellman dh, KeyPairSource keyPairs, Limits limits) {
        this.dh = dh;
        this.keyPairs = keyPairs;
        this.limits = limits;
    }

    public MessageChannel run(Transport transport, MessageReader reader, CipherSuite suite, CipherProvider provider)
            throws IOException, ProtocolException {
        DhKeyPair own = keyPairs.get();
        transport.write(ClassicMessages.keyShare(own.publicValue()));
        BigInteger serverValue = reader.read("DH value", ClassicMessages.keyShareFormat(dh.group()),
                ClassicMessages.maxKeyShareBytes(dh.group()), limits.handshakeTimeout());
        byte[] secret = dh.agree(own, serverValue);
        ClassicKeys keys = ClassicKeys.derive(ClassicKeys.sharedKeyHex(secret), provider, suite.keySize());
        return new ClassicClientChannel(transport, reader, suite, new ClassicRecordWriter(provider, keys),
                provider.blockSize());
    }
}
