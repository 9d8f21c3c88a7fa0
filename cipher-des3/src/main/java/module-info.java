/** Triple DES (DESede) in CBC mode for the Custom VPN, on Bouncy Castle: an extra, not installed by default. */
module vpn.cipher.des3 {
    requires vpn.api;
    requires org.bouncycastle.provider;

    provides vpn.api.CipherProvider with vpn.cipher.des3.Des3Provider;
}
