package vpn.core.negotiation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import vpn.api.CipherProvider;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;

/**
 * The client's {@code ProposedCiphers:} message: {@code ProposedCiphers:DES:[56],AES:[128,192,256]}.
 * Entries keep the sender's order. Names are case-sensitive; names the receiver does not know are
 * kept (and ignored by {@link Selection}).
 */
public record Proposal(List<Offer> offers) {

    public static final String PREFIX = "ProposedCiphers:";

    /** Our own limits for a peer's proposal: the whole message, its entries, the sizes of one entry. */
    public static final int MAX_BYTES = 4096;
    static final int MAX_OFFERS = 64;
    static final int MAX_SIZES_PER_OFFER = 32;
    static final int MAX_KEY_SIZE_DIGITS = 5;

    public Proposal {
        offers = List.copyOf(offers);
    }

    /** What this side offers: every provider with all its key sizes, in the given order. */
    public static Proposal of(List<CipherProvider> providers) {
        return new Proposal(providers.stream().map(p -> new Offer(p.name(), p.keySizes())).toList());
    }

    public Optional<Offer> find(String name) {
        return offers.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /** True if {@code suite} is one of the (name, size) pairs offered. */
    public boolean offers(CipherSuite suite) {
        return find(suite.name()).map(o -> o.keySizes().contains(suite.keySize())).orElse(false);
    }

    public String encode() {
        return PREFIX + offers.stream()
                .map(o -> o.name() + ":[" + o.keySizes().stream().map(String::valueOf)
                        .collect(Collectors.joining(",")) + "]")
                .collect(Collectors.joining(","));
    }

    public byte[] toBytes() {
        return encode().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Parses a proposal strictly: the prefix, then {@code Name:[k1,k2,...]} entries separated by
     * commas, nothing else. An entry may list no sizes (it is then never chosen); a name may not
     * repeat.
     *
     * @throws ProtocolException {@link Reason#MALFORMED} with the position of the first error
     */
    public static Proposal parse(String text) throws ProtocolException {
        if (!text.startsWith(PREFIX)) {
            throw malformed("it does not start with " + PREFIX);
        }
        List<Offer> offers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = PREFIX.length();
        while (i < text.length()) {
            int open = text.indexOf(":[", i);
            if (open <= i) {
                throw malformed("expected Name:[...] at character " + i);
            }
            String name = text.substring(i, open);
            if (!name.chars().allMatch(Proposal::isNameChar)) {
                throw malformed("bad cipher name at character " + i);
            }
            int close = text.indexOf(']', open);
            if (close < 0) {
                throw malformed("unterminated key-size list at character " + open);
            }
            List<Integer> sizes = parseSizes(text.substring(open + 2, close), open + 2);
            if (!names.add(name)) {
                throw malformed("cipher " + name + " is offered twice");
            }
            offers.add(new Offer(name, sizes));
            if (offers.size() > MAX_OFFERS) {
                throw malformed("more than " + MAX_OFFERS + " ciphers");
            }
            i = close + 1;
            if (i < text.length()) {
                if (text.charAt(i) != ',' || i + 1 == text.length()) {
                    throw malformed("expected ',' between entries at character " + i);
                }
                i++;
            }
        }
        return new Proposal(offers);
    }

    private static List<Integer> parseSizes(String list, int position) throws ProtocolException {
        List<Integer> sizes = new ArrayList<>();
        if (list.isEmpty()) {
            return sizes;
        }
        for (String part : list.split(",", -1)) {
            if (part.isEmpty() || part.length() > MAX_KEY_SIZE_DIGITS
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw malformed("bad key size '" + abbreviate(part) + "' near character " + position);
            }
            sizes.add(Integer.parseInt(part));
        }
        if (sizes.size() > MAX_SIZES_PER_OFFER) {
            throw malformed("more than " + MAX_SIZES_PER_OFFER + " key sizes for one cipher");
        }
        return sizes;
    }

    /** Anything printable but the separators; unknown names from other implementations stay legal. */
    private static boolean isNameChar(int c) {
        return c > ' ' && c < 0x7f && c != ':' && c != '[' && c != ']' && c != ',';
    }

    private static String abbreviate(String s) {
        return s.length() > 12 ? s.substring(0, 12) + "..." : s;
    }

    private static ProtocolException malformed(String why) {
        return new ProtocolException(Reason.MALFORMED, "malformed proposal: " + why);
    }
}
