package vpn.core.negotiation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The proposal entry by which a client asks for secure mode, {@code SecureModeV2:[25519,8192]}
 * (the TLS "signalling cipher suite" idea): a classic server ignores it as an unknown cipher and
 * answers in classic mode. Its "key sizes" are the key exchanges the client offers, by id, in its
 * order of preference. The negotiation owns it, so that the classic protocol need not know its
 * extension.
 *
 * <p>Rules (docs/protocol-secure.md section 1): the name is case-sensitive; the entry may stand
 * anywhere (our clients put it last); it appears at most once, like every proposal entry. Every
 * name beginning {@code SecureMode}, in any case, is reserved: no cipher may take one, and names
 * other than the current one (a version-1 client's {@code SecureModeV1}) are ignored as unknown
 * ciphers, so such a client gets a classic answer.
 */
public final class SecureModeSignal {

    /** The entry's name for this version of secure mode. */
    public static final String NAME = "SecureModeV2";

    /** The prefix reserved for signals, present and future. */
    public static final String RESERVED_PREFIX = "SecureMode";

    private SecureModeSignal() {
    }

    /** True if no cipher may be named {@code name}. */
    public static boolean reserved(String name) {
        return name != null && name.toLowerCase(Locale.ROOT).startsWith(RESERVED_PREFIX.toLowerCase(Locale.ROOT));
    }

    /** {@code ciphers} with the signal appended, offering {@code keyExchangeIds} in that order. */
    public static Proposal append(Proposal ciphers, List<Integer> keyExchangeIds) {
        List<Offer> offers = new ArrayList<>(ciphers.offers());
        offers.add(new Offer(NAME, keyExchangeIds));
        return new Proposal(offers);
    }

    /** The key exchanges the client offers, if its proposal carries the signal. */
    public static Optional<List<Integer>> keyExchanges(Proposal proposal) {
        return proposal.find(NAME).map(Offer::keySizes);
    }

    /** The proposal without the signal: the ciphers alone. */
    public static Proposal ciphersOf(Proposal proposal) {
        return new Proposal(proposal.offers().stream().filter(o -> !o.name().equals(NAME)).toList());
    }
}
