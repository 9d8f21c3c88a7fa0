package vpn.service.chat.crypto;

/**
 * A direct message or a session key did not verify: a signature that is not the sender's, a
 * ciphertext that fails its tag, a copy meant for another session. Says nothing more on purpose;
 * every such message is dropped alike.
 */
public final class VerificationException extends Exception {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    public VerificationException(String message) {
        super(message);
    }
}
