package vpn.core.secure;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import vpn.core.keys.IdentityLoader;

/**
 * What a client demands of the server's security.
 *
 * @param knownHosts where server keys are pinned (trust on first use)
 * @param mode secure mode (the default: the server must authenticate, classic answers are
 *     refused) or the classic protocol only ({@code --classic}, for the Python peers)
 * @param expectedFingerprint the server key's fingerprint given up front ({@code --server-key})
 * @param keyExchanges the key exchanges offered in secure mode, best first
 * @param identity the user's key, loaded only if a server asks for a user ({@code --identity})
 */
public record ClientSecurity(KnownHosts knownHosts, Mode mode, Optional<String> expectedFingerprint,
        List<KeyExchange> keyExchanges, IdentityLoader identity) {

    /** Which protocol the client speaks. */
    public enum Mode {
        /** Secure mode or nothing: a server that answers in classic mode is refused. */
        SECURE,
        /** The classic protocol only, with no secure-mode signal: unauthenticated, for old servers. */
        CLASSIC
    }

    /** X25519 first (about a hundred times cheaper), then the 8192-bit group. */
    public static final List<KeyExchange> DEFAULT_KEY_EXCHANGES = List.of(KeyExchange.X25519, KeyExchange.MODP_8192);

    public ClientSecurity {
        if (mode == Mode.CLASSIC && expectedFingerprint.isPresent()) {
            throw new IllegalArgumentException("a server key can only be checked in secure mode");
        }
        if (keyExchanges.isEmpty()) {
            throw new IllegalArgumentException("offer at least one key exchange");
        }
        keyExchanges = List.copyOf(keyExchanges);
        Objects.requireNonNull(identity, "identity");
    }

    /** The same policy, offering only {@code offered}. */
    public ClientSecurity offering(List<KeyExchange> offered) {
        return new ClientSecurity(knownHosts, mode, expectedFingerprint, offered, identity);
    }

    /** The same policy, trusting only the key with {@code fingerprint}. */
    public ClientSecurity expecting(String fingerprint) {
        return new ClientSecurity(knownHosts, mode, Optional.of(fingerprint), keyExchanges, identity);
    }

    /** The same policy, with the user's key from {@code loader}. */
    public ClientSecurity withIdentity(IdentityLoader loader) {
        return new ClientSecurity(knownHosts, mode, expectedFingerprint, keyExchanges, loader);
    }

    public static ClientSecurity secure(KnownHosts knownHosts) {
        return new ClientSecurity(knownHosts, Mode.SECURE, Optional.empty(), DEFAULT_KEY_EXCHANGES, IdentityLoader.NONE);
    }

    public static ClientSecurity classic(KnownHosts knownHosts) {
        return new ClientSecurity(knownHosts, Mode.CLASSIC, Optional.empty(), DEFAULT_KEY_EXCHANGES, IdentityLoader.NONE);
    }
}
