package vpn.core.testing;

/** Byte arrays for fuzz tests, made without loops over every byte: instrumented loops are slow. */
public final class Bytes {

    private Bytes() {
    }

    /** {@code pattern} repeated to {@code length} bytes; zeros if it is empty. */
    public static byte[] repeat(byte[] pattern, int length) {
        byte[] out = new byte[length];
        if (pattern.length == 0 || length == 0) {
            return out;
        }
        int filled = Math.min(pattern.length, length);
        System.arraycopy(pattern, 0, out, 0, filled);
        while (filled < length) {
            int n = Math.min(filled, length - filled);
            System.arraycopy(out, 0, out, filled, n);
            filled += n;
        }
        return out;
    }
}
