package cn.palmcommunity.resident;

import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How resident ID numbers are stored so that a database dump does not reveal them: AES-256-GCM
 * with a random nonce for the value, and an HMAC-SHA256 of the normalised number for exact lookup
 * and uniqueness. Both keys derive from one secret, {@code palm.resident.id-key} (base64, at least
 * 32 bytes), so that the encryption key never doubles as the hashing key.
 * <p>
 * Stored form: one version byte (1), the 12-byte nonce, then ciphertext and tag.
 */
@Singleton
public class IdNumberCipher {

    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec encryptionKey;
    private final SecretKeySpec lookupKey;

    public IdNumberCipher(@ConfigProperty(name = "palm.resident.id-key") String secret) {
        byte[] master;
        try {
            master = Base64.getDecoder().decode(secret.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("palm.resident.id-key must be base64");
        }
        if (master.length < 32) {
            throw new IllegalStateException("palm.resident.id-key must hold at least 32 bytes");
        }
        this.encryptionKey = new SecretKeySpec(derive(master, "palm resident id encryption"), "AES");
        this.lookupKey = new SecretKeySpec(derive(master, "palm resident id lookup"), "HmacSHA256");
    }

    /** Upper-case X, no surrounding blanks: the form that is hashed and encrypted. */
    public static String normalise(String idNumber) {
        return idNumber.strip().toUpperCase(java.util.Locale.ROOT);
    }

    public byte[] encrypt(String idNumber) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(128, nonce));
            cipher.updateAAD(new byte[] {VERSION});
            byte[] sealed = cipher.doFinal(normalise(idNumber).getBytes(StandardCharsets.US_ASCII));
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public String decrypt(byte[] stored) {
        if (stored == null || stored.length < 1 + NONCE_BYTES + 16 || stored[0] != VERSION) {
            throw new IllegalArgumentException("not an encrypted ID number");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(128, stored, 1, NONCE_BYTES));
            cipher.updateAAD(new byte[] {VERSION});
            return new String(cipher.doFinal(stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("ID number does not decrypt with the configured key", e);
        }
    }

    /** The lookup hash: equal numbers give equal hashes, and nothing can be read back from it. */
    public byte[] lookupHash(String idNumber) {
        // One initialised Mac per thread: a feed upload hashes a million numbers, and looking up and
        // keying a new Mac costs more than the hash itself. doFinal leaves the Mac ready for the next.
        return lookupMacs.get().doFinal(normalise(idNumber).getBytes(StandardCharsets.US_ASCII));
    }

    private final ThreadLocal<Mac> lookupMacs = ThreadLocal.withInitial(this::newLookupMac);

    private Mac newLookupMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(lookupKey);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** The masked form for screens, or four stars when the stored value cannot be read. */
    public String masked(byte[] stored) {
        try {
            return ResidentIdNumber.mask(decrypt(stored));
        } catch (IllegalArgumentException e) {
            return "****";
        }
    }

    private static byte[] derive(byte[] master, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }
}
