/**
 * The Custom VPN's engine: finds the cipher providers on the module path, negotiates, runs the
 * Diffie-Hellman exchange and the record layer, and hosts the server and client sessions.
 * It names no concrete cipher.
 */
module vpn.core {
    requires transitive vpn.api;
    requires org.bouncycastle.provider;

    exports vpn.core;
    exports vpn.core.registry;
    exports vpn.core.negotiation;
    exports vpn.core.kex;
    exports vpn.core.classic;
    exports vpn.core.transport;
    exports vpn.core.server;
    exports vpn.core.client;
    exports vpn.core.secure;

    uses vpn.api.CipherProvider;
}
