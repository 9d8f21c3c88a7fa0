/**
 * The tunnel service: carries other programs' TCP connections over one secure session, as
 * OpenSSH's {@code -L} and {@code -D} do. The server forwards only to targets its
 * {@code --allow-forward} patterns and the user's authorized-keys options allow. The wire format:
 * docs/tunnel-protocol.md.
 */
module vpn.service.tunnel {
    requires vpn.api;

    provides vpn.api.service.Service with vpn.service.tunnel.TunnelService;
}
