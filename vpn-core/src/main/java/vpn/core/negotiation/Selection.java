package vpn.core.negotiation;

import java.util.List;
import java.util.Optional;
import vpn.api.CipherProvider;

/**
 * The server's choice, as a pure function of its own ciphers (in preference order) and the
 * client's proposal. The rule of the classic reference: of all (cipher, key size) pairs both
 * sides support, the longest key wins; ties go to the first in the server's order. On top of it,
 * ours: an {@linkplain CipherProvider#insecure() insecure} cipher is chosen only when no other
 * cipher is common, whatever its key size.
 */
public final class Selection {

    private Selection() {
    }

    public static Optional<CipherSuite> select(List<CipherProvider> serverOrder, Proposal proposal) {
        return best(serverOrder, proposal, false).or(() -> best(serverOrder, proposal, true));
    }

    private static Optional<CipherSuite> best(List<CipherProvider> serverOrder, Proposal proposal, boolean insecure) {
        CipherSuite best = null;
        for (CipherProvider provider : serverOrder) {
            if (provider.insecure() != insecure) {
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
