package vpn.api;

/** Which way a {@link SessionCipher} transforms data. */
public enum Direction {
    ENCRYPT,
    DECRYPT
}
