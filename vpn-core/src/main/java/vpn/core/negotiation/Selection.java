package vpn.core.negotiation;

import java.util.List;
import java.util.Optional;
import vpn.api.CipherProvider;

/**
 * The server's choice, as a pure function of its own ciphers (in preference order) and the
 * client's proposal.
 *
 * <ul>
 *   <li>Classic mode keeps the reference's rule: of all (cipher, key size) pairs both sides
 *       support, the longest key wins; ties go to the first in the server's order. On top of it,
 *       ours: an {@linkplain CipherProvider#insecure() insecure} cipher is chosen only when no
 *       other cipher is common, whatever its key size.</li>
 *   <li>Secure mode ranks by {@linkplain CipherStrength strength}: block class first, then key
 *       size, then the server's order. Two default installs agree on AES-256, not Blowfish-448.</li>
 * </ul>
 */
public final class Selection {

    private Selection() {
    }

    /** The classic protocol's choice; never an authenticated cipher, whose records classic cannot carry. */
    public static Optional<CipherSuite> select(List<CipherProvider> serverOrder, Proposal proposal) {
        return longestKey(serverOrder, proposal, false).or(() -> longestKey(serverOrder, proposal, true));
    }

    /** Secure mode's choice. */
    public static Optional<CipherSuite> selectSecure(List<CipherProvider> serverOrder, Proposal proposal) {
        CipherProvider bestProvider = null;
        CipherSuite best = null;
        for (CipherProvider provider : serverOrder) {
            Optional<Offer> offer = proposal.find(provider.name());
            if (offer.isEmpty()) {
                continue;
            }
            for (int size : provider.keySizes()) {
                if (!offer.get().keySizes().contains(size)) {
                    continue;
                }
                int byClass = best == null ? 1
                        : Integer.compare(CipherStrength.blockClass(provider), CipherStrength.blockClass(bestProvider));
                if (byClass > 0 || byClass == 0 && size > best.keySize()) {
                    bestProvider = provider;
                    best = new CipherSuite(provider.name(), size);
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static Optional<CipherSuite> longestKey(List<CipherProvider> serverOrder, Proposal proposal, boolean insecure) {
        CipherSuite best = null;
        for (CipherProvider provider : serverOrder) {
            if (provider.insecure() != insecure || provider.aead()) { // classic records are CBC
                continue;
            }
            Optional<Offer> offer = proposal.find(provider.name());
            if (offer.isEmpty()) {
                continue;
            }
            for (int size : provider.keySizes()) {
                if (offer.get().keySizes().contains(size) && (best == null || size > best.keySize())) {
                    best = new CipherSuite(provider.name(), size);
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
