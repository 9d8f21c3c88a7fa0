/** Camellia in CBC mode for the Custom VPN, on Bouncy Castle: an extra, not installed by default. */
module vpn.cipher.camellia {
    requires vpn.api;
    requires org.bouncycastle.provider;

    provides vpn.api.CipherProvider with vpn.cipher.camellia.CamelliaProvider;
}
