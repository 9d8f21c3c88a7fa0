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
 * H                   = SHA-256(lp(label) || lp(proposal) || lp(ServerHello frame) || lp(ClientKey frame)
 *                                || lp(server public key))          lp(x) = u32 length of x || x
 * signature           = Ed25519(server key, "CustomVPN secure mode v2 server signature" || 0x00 || H)
 *
 * UserAuth record (0x18) = key length (2) || public key (SSH wire encoding) || signature length (2) || signature
 * user signature      = Ed25519(user key, "CustomVPN secure mode v2 user signature" || 0x00 || H)
 * </pre>
 */
final class Handshake {

    /** ServerHello's contents. */
    record ServerHello(CipherSuite suite, KeyExchange keyExchange, byte[] share) {
    }

    /** ServerAuth's contents. */
    record ServerAuth(byte[] publicKey, byte[] signature) {
    }

    /**
     * The server's answer (type Service): accepted (the text is the user's name when a user
     * authenticated), refused with a reason for the user, or a request to authenticate a user.
     */
    record ServiceAnswer(int status, String text) {
        static ServiceAnswer accepted(String text) {
            return new ServiceAnswer(SecureProtocol.SERVICE_ACCEPTED, text);
        }

        static ServiceAnswer refused(String why) {
            return new ServiceAnswer(SecureProtocol.SERVICE_REFUSED, why);
        }

        static ServiceAnswer authenticate() {
            return new ServiceAnswer(SecureProtocol.SERVICE_AUTHENTICATE, "");
        }

        boolean isAccepted() {
            return status == SecureProtocol.SERVICE_ACCEPTED;
        }
    }

    /** The client's UserAuth record: its public key (SSH wire encoding) and its signature over H. */
    record UserAuth(byte[] publicKeyWire, byte[] signature) {
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
            if (!isCipherName(name)) {
                throw malformed("ServerHello", "the cipher name is not printable ASCII");
            }
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

    /**
     * A cipher's name as a proposal has it: 1 or more bytes of printable ASCII without space.
     * Anything else would be decoded with replacement characters and be another name than was sent.
     */
    private static boolean isCipherName(byte[] name) {
        if (name.length == 0) {
            return false;
        }
        for (byte b : name) {
            if (b <= 0x20 || b >= 0x7f) {
                return false;
            }
        }
        return true;
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

    /**
     * The handshake hash: SHA-256 over length-prefixed fields (u32 length, then the bytes), the
     * protocol label first, as Noise hashes its protocol name first. Prefixing every field makes
     * the split between fields unambiguous: no two different transcripts hash the same bytes.
     */
    static byte[] hash(byte[] proposal, byte[] serverHello, byte[] clientKey, byte[] serverPublicKey) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (byte[] field : new byte[][] {
                    SecureProtocol.PROTOCOL_LABEL.getBytes(StandardCharsets.US_ASCII),
                    proposal, serverHello, clientKey, serverPublicKey}) {
                sha256.update(ByteBuffer.allocate(4).putInt(field.length).array());
                sha256.update(field);
            }
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** ServiceRequest = name length (u8, 1..32) || name (ASCII) || version (u16). */
    static byte[] serviceRequest(String name, int version) {
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(1 + bytes.length + 2).put((byte) bytes.length).put(bytes)
                .putShort((short) version).array();
    }

    static ServiceRequest parseServiceRequest(byte[] payload) throws ProtocolException {
        try {
            ByteBuffer in = ByteBuffer.wrap(payload);
            int length = in.get() & 0xff;
            if (length == 0 || length > SecureProtocol.MAX_SERVICE_NAME) {
                throw malformed("service request", "a name of " + length + " bytes");
            }
            byte[] name = new byte[length];
            in.get(name);
            int version = in.getShort() & 0xffff;
            if (in.hasRemaining()) {
                throw malformed("service request", in.remaining() + " bytes too many");
            }
            for (byte b : name) {
                if (b <= 0x20 || b >= 0x7f) {
                    throw malformed("service request", "the name is not printable ASCII");
                }
            }
            return new ServiceRequest(new String(name, StandardCharsets.US_ASCII), version);
        } catch (BufferUnderflowException e) {
            throw malformed("service request", "too short");
        }
    }

    /**
     * ServiceAnswer = status (u8: 0 accepted, 1 refused) || text length (u16) || text (UTF-8). A
     * text longer than {@link SecureProtocol#MAX_REFUSAL_TEXT} bytes is cut to fit, between two
     * characters, so that what arrives is the start of it.
     */
    static byte[] serviceAnswer(ServiceAnswer answer) {
        byte[] text = answer.text().getBytes(StandardCharsets.UTF_8);
        if (text.length > SecureProtocol.MAX_REFUSAL_TEXT) {
            int end = SecureProtocol.MAX_REFUSAL_TEXT;
            while ((text[end] & 0xc0) == 0x80) {
                end--; // text[end], the first byte left out, continues a character: leave all of it out
            }
            text = java.util.Arrays.copyOf(text, end);
        }
        return ByteBuffer.allocate(1 + 2 + text.length).put((byte) answer.status()).putShort((short) text.length).put(text)
                .array();
    }

    static ServiceAnswer parseServiceAnswer(byte[] payload) throws ProtocolException {
        try {
            ByteBuffer in = ByteBuffer.wrap(payload);
            int status = in.get() & 0xff;
            if (status != SecureProtocol.SERVICE_ACCEPTED && status != SecureProtocol.SERVICE_REFUSED
                    && status != SecureProtocol.SERVICE_AUTHENTICATE) {
                throw malformed("service answer", "unknown status " + status);
            }
            int length = in.getShort() & 0xffff;
            if (length > SecureProtocol.MAX_REFUSAL_TEXT) {
                throw malformed("service answer", "a text of " + length + " bytes");
            }
            byte[] text = new byte[length];
            in.get(text);
            if (in.hasRemaining()) {
                throw malformed("service answer", in.remaining() + " bytes too many");
            }
            if (status == SecureProtocol.SERVICE_AUTHENTICATE && length != 0) {
                throw malformed("service answer", "a request to authenticate carries text");
            }
            return new ServiceAnswer(status, new String(text, StandardCharsets.UTF_8));
        } catch (BufferUnderflowException e) {
            throw malformed("service answer", "too short");
        }
    }

    static byte[] userAuth(UserAuth auth) {
        return ByteBuffer.allocate(2 + auth.publicKeyWire().length + 2 + auth.signature().length)
                .putShort((short) auth.publicKeyWire().length).put(auth.publicKeyWire())
                .putShort((short) auth.signature().length).put(auth.signature()).array();
    }

    static UserAuth parseUserAuth(byte[] payload) throws ProtocolException {
        try {
            ByteBuffer in = ByteBuffer.wrap(payload);
            int keyLength = in.getShort() & 0xffff;
            if (keyLength == 0 || keyLength > SecureProtocol.MAX_USER_KEY) {
                throw malformed("user authentication", "a key of " + keyLength + " bytes");
            }
            byte[] key = new byte[keyLength];
            in.get(key);
            int signatureLength = in.getShort() & 0xffff;
            if (signatureLength == 0 || signatureLength > SecureProtocol.MAX_USER_SIGNATURE) {
                throw malformed("user authentication", "a signature of " + signatureLength + " bytes");
            }
            byte[] signature = new byte[signatureLength];
            in.get(signature);
            if (in.hasRemaining()) {
                throw malformed("user authentication", in.remaining() + " bytes too many");
            }
            return new UserAuth(key, signature);
        } catch (BufferUnderflowException e) {
            throw malformed("user authentication", "too short");
        }
    }

    /** What the server signs: a fixed context string, a zero byte, and the handshake hash. */
    static byte[] signedContent(byte[] handshakeHash) {
        return contextAndHash(SecureProtocol.SIGNATURE_CONTEXT, handshakeHash);
    }

    /** What a user signs to authenticate: its own context string, a zero byte, and the handshake hash. */
    static byte[] userSignedContent(byte[] handshakeHash) {
        return contextAndHash(SecureProtocol.USER_SIGNATURE_CONTEXT, handshakeHash);
    }

    private static byte[] contextAndHash(String context, byte[] handshakeHash) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(context.getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        out.writeBytes(handshakeHash);
        return out.toByteArray();
    }

    private static ProtocolException malformed(String what, String why) {
        return new ProtocolException(Reason.MALFORMED, "malformed " + what + ": " + why);
    }
}
