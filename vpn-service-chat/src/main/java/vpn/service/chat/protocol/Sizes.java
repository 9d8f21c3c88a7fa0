package vpn.service.chat.protocol;

/** Preconditions of the wire values' constructors. */
final class Sizes {

    private Sizes() {
    }

    static void require(byte[] bytes, int length, String what) {
        if (bytes.length != length) {
            throw new IllegalArgumentException("a " + what + " of " + bytes.length + " bytes, not " + length);
        }
    }
}
