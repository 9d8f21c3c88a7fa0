/** Blowfish-112/224/448 in CBC mode for the Custom VPN, on Bouncy Castle's lightweight API. */
module vpn.cipher.blowfish {
    requires vpn.api;
    requires org.bouncycastle.provider;

    provides vpn.api.CipherProvider with vpn.cipher.blowfish.BlowfishProvider;
}
