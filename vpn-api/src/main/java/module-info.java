/**
 * The service interface of the Custom VPN's cipher plugins.
 *
 * <p>A cipher module {@code requires vpn.api} and declares
 * {@code provides vpn.api.CipherProvider with ...}; the core finds it on the module path.
 * This module depends on nothing but {@code java.base}, so a third party can write a cipher
 * against it alone.
 */
module vpn.api {
    exports vpn.api;
}
