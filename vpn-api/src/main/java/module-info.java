/**
 * The service interfaces of the Custom VPN's plugins: {@code vpn.api} for ciphers
 * ({@link vpn.api.CipherProvider}), {@code vpn.api.service} for applications
 * ({@link vpn.api.service.Service}, {@link vpn.api.service.ServiceCommand}).
 *
 * <p>A plugin module {@code requires vpn.api} and declares {@code provides ... with ...}; the
 * core finds it on the module path or in a plugin folder. This module depends on nothing but
 * {@code java.base}, so a third party can write a plugin against it alone.
 */
module vpn.api {
    exports vpn.api;
    exports vpn.api.service;
    exports vpn.api.files;
}
