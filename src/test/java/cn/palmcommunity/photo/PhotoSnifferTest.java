package cn.palmcommunity.photo;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PhotoSnifferTest {

    @Test
    void recognisesEachFormatByItsBytes() {
        assertEquals(Optional.of(PhotoType.JPEG), PhotoSniffer.detect(TestImages.jpeg(8, 8)));
        assertEquals(Optional.of(PhotoType.PNG), PhotoSniffer.detect(TestImages.png(8, 8)));
        assertEquals(Optional.of(PhotoType.WEBP), PhotoSniffer.detect(TestImages.webpWithMetadata()));
    }

    @Test
    void refusesWhatOnlyLooksLikeAPhotoByName() {
        assertEquals(Optional.empty(), PhotoSniffer.detect("GIF89a not welcome".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.empty(), PhotoSniffer.detect("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.empty(), PhotoSniffer.detect("RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(Optional.empty(), PhotoSniffer.detect(new byte[] {(byte) 0xFF, (byte) 0xD8}));
        assertEquals(Optional.empty(), PhotoSniffer.detect(new byte[0]));
        assertEquals(Optional.empty(), PhotoSniffer.detect(null));
    }

    @Test
    void mediaTypesRoundTrip() {
        for (PhotoType type : PhotoType.values()) {
            assertEquals(type, PhotoType.ofMediaType(type.mediaType()));
        }
        assertEquals("image/webp", PhotoType.WEBP.mediaType());
    }
}
