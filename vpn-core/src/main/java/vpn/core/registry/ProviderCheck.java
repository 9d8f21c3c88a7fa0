package vpn.core.registry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;
import vpn.api.CipherProvider;
import vpn.core.negotiation.SecureModeSignal;

/** Checks that a provider keeps the {@link CipherProvider} contract before it is offered to peers. */
final class ProviderCheck {

    /** Wire names must not contain the proposal's separators {@code : [ ] ,}. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    /** The classic derivation takes key and IV characters from a 64-character hex string. */
    private static final int MAX_KEY_BITS = 512;
    private static final int MAX_BLOCK_BYTES = 64;

    private ProviderCheck() {
    }

    /** What is wrong with the provider, in words; empty when it may be offered. */
    static List<String> problems(CipherProvider provider) {
        List<String> problems = new ArrayList<>();
        String name = provider.name();
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add("name " + quote(name) + " is not 1 to 32 letters, digits, '_' or '-'");
        } else if (SecureModeSignal.reserved(name)) {
            problems.add("name " + quote(name) + " is reserved: names beginning " + SecureModeSignal.RESERVED_PREFIX
                    + " are secure mode's signal");
        }
        int block = provider.blockSize();
        if (block < 1 || block > MAX_BLOCK_BYTES) {
            problems.add("block size " + block + " is not between 1 and " + MAX_BLOCK_BYTES + " bytes");
        }
        List<Integer> sizes = provider.keySizes();
        if (sizes == null || sizes.isEmpty()) {
            problems.add("it advertises no key sizes");
            return problems;
        }
        if (new HashSet<>(sizes).size() != sizes.size()) {
            problems.add("key sizes " + sizes + " repeat");
        }
        for (Integer size : sizes) {
            if (size == null || size < 8 || size > MAX_KEY_BITS) {
                problems.add("key size " + size + " is not between 8 and " + MAX_KEY_BITS + " bits");
            } else if (provider.keyLength(size) < size / 8) {
                problems.add("key length " + provider.keyLength(size) + " bytes is too short for " + size + " bits");
            }
        }
        return problems;
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
