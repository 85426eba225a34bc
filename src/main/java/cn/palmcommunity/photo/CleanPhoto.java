package cn.palmcommunity.photo;

import java.util.HexFormat;

/**
 * A photo that passed every check and lost its metadata, hashed and ready to insert. Preparing
 * photos before a transaction starts keeps the CPU work out of the time a connection is held.
 */
public record CleanPhoto(PhotoType type, byte[] bytes, int width, int height, byte[] sha256) {

    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }
}
