package vpn.core.negotiation;

/**
 * One negotiated choice: a cipher by its wire name and one of its key sizes.
 *
 * @param keySize in bits
 */
public record CipherSuite(String name, int keySize) {

    /** How the transcripts name it: {@code AES256}, {@code DES56}. */
    public String label() {
        return name + keySize;
    }
}
