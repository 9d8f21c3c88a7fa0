/**
 * The Custom VPN's engine: loads the plugins (ciphers and services), negotiates, runs the classic
 * and secure handshakes and record layers, and runs each session's pipeline on the server and the
 * client. It names no concrete cipher, and no service but the classic protocol's echo.
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
    exports vpn.core.channel;
    exports vpn.core.plugin;
    exports vpn.core.service;
    exports vpn.core.keys;

    uses vpn.api.CipherProvider;
    uses vpn.api.service.Service;
    uses vpn.api.service.ServiceCommand;
}
