package vpn.api.service;

/**
 * A service's server options are wrong or do not fit together ({@code --files} without
 * {@code --authorized-keys}); the server does not start. The message is one line for the user.
 */
public class ConfigurationException extends Exception {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }
}
