/** AES-128/192/256 in CBC mode for the Custom VPN, on the JDK's own provider. */
module vpn.cipher.aes {
    requires vpn.api;

    provides vpn.api.CipherProvider with vpn.cipher.aes.AesProvider;
}
