package vpn.api.service;

import java.util.Optional;

/** What {@code vpn server} was given, as a service's {@link Service#configure} sees it. */
public interface ServerSettings {

    /** The value of one of the service's {@linkplain Service#serverOptions() options}, if given. */
    Optional<String> value(String option);

    /** Whether one of the service's flags was given. */
    boolean flag(String option);

    /** Whether the server authenticates users ({@code --authorized-keys}): then every session has a user. */
    boolean hasUsers();
}
