/** A repeating-key XOR "cipher" for the Custom VPN: for teaching and testing, never for secrets. */
module vpn.cipher.xor {
    requires vpn.api;

    provides vpn.api.CipherProvider with vpn.cipher.xor.XorProvider;
}
