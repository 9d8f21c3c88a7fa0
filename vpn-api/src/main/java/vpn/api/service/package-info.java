/**
 * The service interface of the Custom VPN's applications: a {@link vpn.api.service.Service}
 * runs over an established session ({@link vpn.api.service.ServiceSession} on the server,
 * {@link vpn.api.service.Channel} on the client), and a {@link vpn.api.service.ServiceCommand}
 * adds its client's subcommand to {@code vpn}.
 */
package vpn.api.service;
