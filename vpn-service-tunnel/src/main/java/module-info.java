/**
 * The tunnel service: carries other programs' TCP connections over one secure session, as
 * OpenSSH's {@code -L} and {@code -D} do: {@code vpn forward} (a local port to a target reached
 * from the server) and {@code vpn socks} (a SOCKS5 proxy). The server forwards only to targets its
 * {@code --allow-forward} patterns and the user's authorized-keys options allow. The wire format:
 * docs/tunnel-protocol.md.
 */
module vpn.service.tunnel {
    requires vpn.api;

    provides vpn.api.service.Service with vpn.service.tunnel.TunnelService;
    provides vpn.api.service.ServiceCommand with vpn.service.tunnel.ForwardCommand, vpn.service.tunnel.SocksCommand;
}
