package vpn.core.negotiation;

import java.util.List;

/** One entry of a proposal: a cipher name and the key sizes (bits) offered for it. */
public record Offer(String name, List<Integer> keySizes) {
    public Offer {
        keySizes = List.copyOf(keySizes);
    }
}
