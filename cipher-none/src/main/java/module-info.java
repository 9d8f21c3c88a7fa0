/** The "None" cipher for the Custom VPN: no encryption, messages still authenticated by HMAC. */
module vpn.cipher.none {
    requires vpn.api;

    provides vpn.api.CipherProvider with vpn.cipher.none.NoneProvider;
}
