package vpn.core.secure;

/**
 * The client's first record in a secure session (type Service): the service it wants, by
 * name, and the version of that service's protocol.
 */
public record ServiceRequest(String name, int version) {
}
