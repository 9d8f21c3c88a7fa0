package vpn.core.secure;

import java.util.List;
import java.util.Optional;

/**
 * What a client demands of the server's security.
 *
 * @param knownHosts where server keys are pinned (trust on first use)
 * @param mode whether to ask for secure mode, and whether to accept classic mode
 * @param expectedFingerprint the server key's fingerprint given up front ({@code --server-key}),
 *     which also makes classic mode unacceptable
 * @param keyExchanges the key exchanges offered in secure mode, best first
 */
public record ClientSecurity(KnownHosts knownHosts, Mode mode, Optional<String> expectedFingerprint,
        List<KeyExchange> keyExchanges) {

    /** How the client treats the two protocols. */
    public enum Mode {
        /** Never ask for secure mode: for old servers that cannot bear an unknown proposal entry. */
        CLASSIC_ONLY,
        /** Ask for secure mode; accept classic from a server with no pinned key (the default). */
        OPPORTUNISTIC,
        /** Ask for secure mode and refuse classic outright ({@code --require-secure}). */
        REQUIRE_SECURE
    }

    /** X25519 first (about a hundred times cheaper), then the 8192-bit group. */
    public static final List<KeyExchange> DEFAULT_KEY_EXCHANGES = List.of(KeyExchange.X25519, KeyExchange.MODP_8192);

    public ClientSecurity {
        if (mode == Mode.CLASSIC_ONLY && expectedFingerprint.isPresent()) {
            throw new IllegalArgumentException("a server key can only be checked in secure mode");
        }
        if (keyExchanges.isEmpty()) {
            throw new IllegalArgumentException("offer at least one key exchange");
        }
        keyExchanges = List.copyOf(keyExchanges);
    }

    public ClientSecurity(KnownHosts knownHosts, Mode mode, Optional<String> expectedFingerprint) {
        this(knownHosts, mode, expectedFingerprint, DEFAULT_KEY_EXCHANGES);
    }

    /** The same policy, offering only {@code offered}. */
    public ClientSecurity offering(List<KeyExchange> offered) {
        return new ClientSecurity(knownHosts, mode, expectedFingerprint, offered);
    }

    public static ClientSecurity opportunistic(KnownHosts knownHosts) {
        return new ClientSecurity(knownHosts, Mode.OPPORTUNISTIC, Optional.empty());
    }

    public static ClientSecurity classicOnly(KnownHosts knownHosts) {
        return new ClientSecurity(knownHosts, Mode.CLASSIC_ONLY, Optional.empty());
    }

    public static ClientSecurity requireSecure(KnownHosts knownHosts) {
        return new ClientSecurity(knownHosts, Mode.REQUIRE_SECURE, Optional.empty());
    }
}
