package vpn.service.chat.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The chat protocol's constants in two groups, as {@code SecureProtocol} keeps the core's: sizes
 * fixed by the specifications of the primitives, and the limits this protocol chose. The wire
 * format itself: docs/chat-protocol.md.
 */
public final class ChatProtocol {

    // ---- From the specifications ----

    /** An X25519 public key (RFC 7748): a session key or an ephemeral key. */
    public static final int X25519_KEY = 32;
    /** An Ed25519 public key (RFC 8032): a user's identity. */
    public static final int ED25519_KEY = 32;
    /** An Ed25519 signature (RFC 8032). */
    public static final int SIGNATURE = 64;
    /** ChaCha20-Poly1305's nonce (RFC 8439). */
    public static final int NONCE = 12;
    /** ChaCha20-Poly1305's tag (RFC 8439): a ciphertext is this much longer than its plaintext. */
    public static final int TAG = 16;

    // ---- Our own design: domain separation for the user's Ed25519 key ----

    /**
     * Prefix of what a client signs to announce its session key. The user's key also signs the
     * core's handshake; a distinct, NUL-terminated prefix per purpose keeps one signature from
     * ever being taken for another.
     */
    public static final byte[] SESSION_KEY_CONTEXT = context("customvpn chat v1 session key");
    /** Prefix of a direct message's signature, key derivation and additional data. */
    public static final byte[] DIRECT_MESSAGE_CONTEXT = context("customvpn chat v1 direct message");

    // ---- Our own limits ----

    /** The chat service's protocol version ({@code Service.version()}). */
    public static final int VERSION = 1;
    /** The longest line, broadcast or direct, in bytes of UTF-8. */
    public static final int MAX_LINE_BYTES = 4000;
    /** The longest user name the chat carries, in bytes of UTF-8. */
    public static final int MAX_NAME_BYTES = 64;
    /** Users online at once in one room. */
    public static final int MAX_USERS = 10_000;
    /** Names in one page of {@code /list}'s answer; with the name limit, a page fits in one message. */
    public static final int USERS_PER_PAGE = 500;
    /** Sessions of one user at once; it keeps a direct message (one copy per session) in one message. */
    public static final int MAX_SESSIONS_PER_USER = 8;
    /** A direct message's ciphertext: the line and the tag. */
    public static final int MAX_CIPHERTEXT = MAX_LINE_BYTES + TAG;
    /**
     * The longest chat message in either direction, checked first by the decoders. The largest
     * are a direct message to 8 sessions (33,336 bytes) and a page of 500 users (33,008).
     */
    public static final int MAX_MESSAGE_BYTES = 36 * 1024;

    /** Requests each user may make per second, on average (all its sessions together)... */
    public static final int MESSAGES_PER_SECOND = 20;
    /** ...and at once after a pause: the token bucket's size. */
    public static final int BURST = 40;

    /** Messages waiting for one slow session before the server drops it... */
    public static final int MAX_QUEUED_MESSAGES = 1000;
    /** ...or bytes, whichever comes first. */
    public static final int MAX_QUEUED_BYTES = 1024 * 1024;

    /** How often an idle client proves it is there; well inside the server's idle timeout (10 minutes). */
    public static final Duration KEEPALIVE = Duration.ofSeconds(60);
    /** How long a client waits for the answer to a request (the core's reply timeout). */
    public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    private ChatProtocol() {
    }

    private static byte[] context(String text) {
        return (text + "\0").getBytes(StandardCharsets.US_ASCII);
    }
}
