/** AES-128/192/256 in GCM mode for the Custom VPN's secure mode, on the JDK's own provider. */
module vpn.cipher.aesgcm {
    requires vpn.api;

    provides vpn.api.CipherProvider with vpn.cipher.aesgcm.AesGcmProvider;
}
