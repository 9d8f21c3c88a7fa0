package vpn.api;

import java.util.List;

/**
 * A cipher the VPN can negotiate, supplied by a cipher module through {@link java.util.ServiceLoader}.
 *
 * <h2>What a provider knows, and what the core owns</h2>
 * A provider knows its algorithm: the wire name, the key sizes, the block size, and how to make
 * a chained cipher for one direction of a session from key bytes and an IV. Block ciphers use
 * CBC; the provider builds it from its crypto library's own CBC mode (that is where the fast,
 * reviewed code is: the JDK's AES-CBC uses AES-NI). The core owns everything around it:
 * negotiation, key exchange, the derivation of key and IV bytes, padding, framing and the MAC.
 *
 * <h2>The key-derivation rule, and what it needs from a provider</h2>
 * In the classic protocol, from the 64 hex characters of the shared key, the core takes
 * <ul>
 *   <li>the key: the ASCII bytes of the first {@code keySize / 8} characters, followed by
 *       {@code 0x00} bytes up to {@link #keyLength(int) keyLength(keySize)}. DES advertises 56
 *       bits and needs an 8-byte key: 7 characters and one {@code 0x00};</li>
 *   <li>the IV: the ASCII bytes of the last {@link #blockSize()} characters.</li>
 * </ul>
 * Hence {@code keySize / 8} and {@code blockSize()} must each be at most 64. The same key bytes
 * key the HMAC, so every key size must be at least 8 bits (a cipher without a key, such as
 * {@code None}, still advertises the size of its MAC key).
 *
 * <h2>Authenticated ciphers (secure mode only)</h2>
 * A provider whose {@link #aead()} is true is an AEAD (AES-GCM): secure mode protects each record
 * with it alone ({@link #newAead}) instead of CBC and the core's HMAC, and the classic protocol,
 * whose records are CBC, never offers or accepts it. Its {@link #newCipher} is never called, its
 * {@link #aeadKnownAnswers()} replace {@link #knownAnswers()}, and {@link #blockSize()} is the
 * block of the underlying cipher (16), which the core uses for nothing but display.
 *
 * <h2>The contract</h2>
 * <ul>
 *   <li>{@link #name()} is the case-sensitive wire name ({@code AES}, {@code Blowfish}):
 *       letters, digits, {@code _} and {@code -} only, unique among the loaded providers.</li>
 *   <li>{@link #keySizes()} are distinct, in bits, between 8 and 512, and not empty. A size is
 *       what is negotiated; {@link #keyLength(int)} says how many key bytes it takes.</li>
 *   <li>Implementations are stateless and thread-safe; all per-session state lives in the
 *       {@link SessionCipher} objects they create. They need a public no-argument constructor.</li>
 *   <li>Methods never return {@code null}; bad arguments throw {@link IllegalArgumentException}.</li>
 * </ul>
 */
public interface CipherProvider {

    /** The wire name, as it appears in {@code ProposedCiphers:} and {@code ChosenCipher:}. */
    String name();

    /** The key sizes this cipher offers, in bits, in ascending order. */
    List<Integer> keySizes();

    /**
     * The block size in bytes: the CBC block, the IV length and the unit the plaintext is
     * padded to. {@code 1} for a cipher that works on single bytes (no padding).
     */
    int blockSize();

    /**
     * How many key bytes the algorithm takes for a given advertised key size. The core derives
     * {@code keySize / 8} bytes and pads them with {@code 0x00} up to this length.
     *
     * @param keySize one of {@link #keySizes()}
     */
    default int keyLength(int keySize) {
        return keySize / 8;
    }

    /**
     * True for ciphers that give no real confidentiality (a demonstration XOR, no encryption at
     * all). The core never picks one while a cipher that is not insecure is common to both sides,
     * whatever the key sizes.
     */
    default boolean insecure() {
        return false;
    }

    /**
     * Published test vectors for this cipher, at least one. Before offering the cipher, the core
     * encrypts and decrypts each (in two calls, to check that the chain carries over) and also
     * round-trips a message at every advertised key size; a provider that fails is refused, with
     * a message, and not offered.
     */
    List<KnownAnswer> knownAnswers();

    /**
     * Creates the cipher state for one direction of one session.
     *
     * <p>The core always passes a key of {@link #keyLength(int) keyLength(keySize)} bytes for one
     * of the advertised sizes and an IV of {@link #blockSize()} bytes, so a provider need not check
     * them again (its library's own checks are a welcome second line).
     *
     * @param key the key bytes; the provider must not keep a reference it later changes
     * @param iv the start of the CBC chain
     */
    SessionCipher newCipher(Direction direction, byte[] key, byte[] iv);

    /** True for an authenticated cipher, which secure mode uses through {@link #newAead} only. */
    default boolean aead() {
        return false;
    }

    /**
     * Creates one direction of one epoch's authenticated cipher; only called when {@link #aead()}.
     *
     * @param key {@link #keyLength(int) keyLength(keySize)} bytes; the provider must not keep a
     *     reference it later changes
     */
    default AeadCipher newAead(Direction direction, byte[] key) {
        throw new UnsupportedOperationException(name() + " is not an authenticated cipher");
    }

    /**
     * Published test vectors of an authenticated cipher, at least one when {@link #aead()}. The core
     * seals and opens each, checks that a changed byte fails to open, and round-trips a message at
     * every advertised key size before offering the cipher.
     */
    default List<AeadKnownAnswer> aeadKnownAnswers() {
        return List.of();
    }
}
