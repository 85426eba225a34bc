package cn.palmcommunity.photo;

/** A photo's bytes without metadata, and the pixel size its headers declare. */
public record StrippedImage(PhotoType type, byte[] bytes, int width, int height) {
}
