/** DES (56-bit key) in CBC mode for the Custom VPN, on Bouncy Castle's lightweight API. */
module vpn.cipher.des {
    requires vpn.api;
    requires org.bouncycastle.provider;

    provides vpn.api.CipherProvider with vpn.cipher.des.DesProvider;
}
