package vpn.core.secure;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.negotiation.CipherSuite;

/**
 * The secure handshake's messages (encoders and strict decoders) and the handshake hash.
 *
 * <pre>
 * ServerHello  (0x01) = version (1) || name length (1) || cipher name || key size (2) || key exchange (2)
 *                       || share length (2) || server's ephemeral share
 * ClientKey    (0x02) = share length (2) || client's ephemeral share
 * ServerAuth   (0x03) = Ed25519 public key (32) || signature (64)
 * H                   = SHA-256(proposal || ServerHello frame || ClientKey frame || server public key)
 * signature           = Ed25519(server key, "CustomVPN secure mode v1 server signature" || 0x00 || H)
 * </pre>
 */
final class Handshake {

    /** ServerHello's contents. */
    record ServerHello(CipherSuite suite, KeyExchange keyExchange, byte[] share) {
    }

    /** ServerAuth's contents. */
    record ServerAuth(byte[] publicKey, byte[] signature) {
    }

    private Handshake() {
    }

    static byte[] serverHello(CipherSuite suite, KeyExchange keyExchange, byte[] share) {
        byte[] name = suite.name().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer payload = ByteBuffer.allocate(1 + 1 + name.length + 2 + 2 + 2 + share.length);
        payload.put((byte) SecureProtocol.VERSION).put((byte) name.length).put(name)
                .putShort((short) suite.keySize()).putShort((short) keyExchange.id())
                .putShort((short) share.length).put(share);
        return Frames.encode(SecureProtocol.SERVER_HELLO, payload.array());
    }

    static ServerHello parseServerHello(byte[] payload) throws ProtocolException {
        try {
            ByteBuffer in = ByteBuffer.wrap(payload);
            int version = in.get() & 0xff;
            if (version != SecureProtocol.VERSION) {
                throw malformed("ServerHello", "version " + version + ", expected " + SecureProtocol.VERSION);
            }
            byte[] name = new byte[in.get() & 0xff];
            in.get(name);
            int keySize = in.getShort() & 0xffff;
            int kexId = in.getShort() & 0xffff;
            KeyExchange kex = KeyExchange.byId(kexId)
                    .orElseThrow(() -> malformed("ServerHello", "unknown key exchange " + kexId));
            byte[] share = new byte[in.getShort() & 0xffff];
            in.get(share);
            if (in.hasRemaining()) {
                throw malformed("ServerHello", in.remaining() + " bytes too many");
            }
            return new ServerHello(new CipherSuite(new String(name, StandardCharsets.US_ASCII), keySize), kex, share);
        } catch (BufferUnderflowException e) {
            throw malformed("ServerHello", "too short");
        }
    }

    static byte[] clientKey(byte[] share) {
        return Frames.encode(SecureProtocol.CLIENT_KEY,
                ByteBuffer.allocate(2 + share.length).putShort((short) share.length).put(share).array());
    }

    static byte[] parseClientKey(byte[] payload) throws ProtocolException {
        if (payload.length < 2 || ((payload[0] & 0xff) << 8 | (payload[1] & 0xff)) != payload.length - 2) {
            throw malformed("ClientKey", "length does not match");
        }
        byte[] share = new byte[payload.length - 2];
        System.arraycopy(payload, 2, share, 0, share.length);
        return share;
    }

    static byte[] serverAuth(byte[] publicKey, byte[] signature) {
        byte[] payload = new byte[publicKey.length + signature.length];
        System.arraycopy(publicKey, 0, payload, 0, publicKey.length);
        System.arraycopy(signature, 0, payload, publicKey.length, signature.length);
        return Frames.encode(SecureProtocol.SERVER_AUTH, payload);
    }

    static ServerAuth parseServerAuth(byte[] payload) throws ProtocolException {
        if (payload.length != Ed25519.PUBLIC_KEY_SIZE + Ed25519.SIGNATURE_SIZE) {
            throw malformed("ServerAuth", payload.length + " bytes");
        }
        byte[] key = new byte[Ed25519.PUBLIC_KEY_SIZE];
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        System.arraycopy(payload, 0, key, 0, key.length);
        System.arraycopy(payload, key.length, signature, 0, signature.length);
        return new ServerAuth(key, signature);
    }

    static byte[] hash(byte[] proposal, byte[] serverHello, byte[] clientKey, byte[] serverPublicKey) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(proposal);
            sha256.update(serverHello);
            sha256.update(clientKey);
            sha256.update(serverPublicKey);
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** What the server signs: a fixed context string, a zero byte, and the handshake hash. */
    static byte[] signedContent(byte[] handshakeHash) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SecureProtocol.SIGNATURE_CONTEXT.getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        out.writeBytes(handshakeHash);
        return out.toByteArray();
    }

    private static ProtocolException malformed(String what, String why) {
        return new ProtocolException(Reason.MALFORMED, "malformed " + what + ": " + why);
    }
}
