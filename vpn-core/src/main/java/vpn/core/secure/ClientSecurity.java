package vpn.core.secure;

import java.util.Optional;

/**
 * What a client demands of the server's security.
 *
 * @param knownHosts where server keys are pinned (trust on first use)
 * @param mode whether to ask for secure mode, and whether to accept classic mode
 * @param expectedFingerprint the server key's fingerprint given up front ({@code --server-key}),
 *     which also makes classic mode unacceptable
 */
public record ClientSecurity(KnownHosts knownHosts, Mode mode, Optional<String> expectedFingerprint) {

    /** How the client treats the two protocols. */
    public enum Mode {
        /** Never ask for secure mode: for old servers that cannot bear an unknown proposal entry. */
        CLASSIC_ONLY,
        /** Ask for secure mode; accept classic from a server with no pinned key (the default). */
        OPPORTUNISTIC,
        /** Ask for secure mode and refuse classic outright ({@code --require-secure}). */
        REQUIRE_SECURE
    }

    public ClientSecurity {
        if (mode == Mode.CLASSIC_ONLY && expectedFingerprint.isPresent()) {
            throw new IllegalArgumentException("a server key can only be checked in secure mode");
        }
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
