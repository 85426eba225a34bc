package cn.palmcommunity.resident.feed;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts a byte stream into text lines as it arrives, holding at most one unfinished line. Each line
 * is decoded strictly as UTF-8 (a byte-order mark at the start is dropped); a line that is not
 * UTF-8 is tried as GBK (GB 18030, what Excel on a Chinese Windows saves), and counted, so the
 * upload can say it was converted. A line that is neither is handed on as undecodable. Splitting
 * at byte 0x0A is safe for both encodings: no GBK trail byte is below 0x40.
 */
final class FeedText {

    /** A line, or the reason it could not be read as text. */
    interface Lines {
        void line(long number, String text);

        void unreadable(long number, String reason);
    }

    static final Charset GBK = Charset.forName("GB18030");
    private final int maxLineBytes;
    private final Lines sink;
    private final boolean gbkFirst;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharsetDecoder gbk = GBK.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    private byte[] pending = new byte[8192];
    private int pendingLength;
    private boolean overlong;
    private long lineNumber;
    private long bytes;
    private boolean started;
    private long gbkLines;
    private long utf8Lines;

    /** {@code gbkFirst} when the sender declared GBK (charset=GBK on the content type). */
    FeedText(int maxLineBytes, boolean gbkFirst, Lines sink) {
        this.maxLineBytes = maxLineBytes;
        this.gbkFirst = gbkFirst;
        this.sink = sink;
    }

    /** Feeds the next bytes; complete lines go to the sink at once. */
    void accept(byte[] chunk, int offset, int length) {
        bytes += length;
        int from = offset;
        int end = offset + length;
        if (!started && length > 0) {
            started = true;
            if (startsWith(chunk, offset, end, (byte) 0xFF, (byte) 0xFE) || startsWith(chunk, offset, end, (byte) 0xFE, (byte) 0xFF)) {
                throw new UnreadableUpload("the file is UTF-16; save it as UTF-8 (or GBK) text");
            }
        }
        for (int i = offset; i < end; i++) {
            if (chunk[i] == '\n') {
                append(chunk, from, i - from);
                emit();
                from = i + 1;
            }
        }
        append(chunk, from, end - from);
    }

    /** The last line, if the stream did not end with a line break. */
    void finish() {
        if (pendingLength > 0 || overlong) {
            emit();
        }
    }

    long bytes() {
        return bytes;
    }

    /** UTF-8, GBK (every text line was GBK), or MIXED when both occurred. */
    String encoding() {
        if (gbkLines == 0) {
            return "UTF-8";
        }
        return utf8Lines == 0 ? "GBK" : "MIXED";
    }

    private void append(byte[] chunk, int from, int length) {
        if (length <= 0 || overlong) {
            return;
        }
        if (pendingLength + length > maxLineBytes) {
            overlong = true;
            pendingLength = 0;
            return;
        }
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.min(maxLineBytes, Math.max(pending.length * 2, pendingLength + length)));
        }
        System.arraycopy(chunk, from, pending, pendingLength, length);
        pendingLength += length;
    }

    private void emit() {
        lineNumber++;
        int start = 0;
        int length = pendingLength;
        pendingLength = 0;
        if (overlong) {
            overlong = false;
            sink.unreadable(lineNumber, "the line is longer than " + maxLineBytes + " bytes");
            return;
        }
        if (lineNumber == 1 && startsWith(pending, 0, length, (byte) 0xEF, (byte) 0xBB) && length >= 3 && pending[2] == (byte) 0xBF) {
            start = 3;
            length -= 3;
        }
        if (length > 0 && pending[start + length - 1] == '\r') {
            length--;
        }
        if (pending.length > 65536 && length < 8192) {
            // One long line must not keep a large buffer for the rest of the upload.
            pending = new byte[8192];
        }
        if (isAscii(pending, start, length)) {
            sink.line(lineNumber, new String(pending, start, length, StandardCharsets.US_ASCII));
            return;
        }
        String text = decode(gbkFirst ? gbk : utf8, start, length);
        if (text != null) {
            count(gbkFirst);
            sink.line(lineNumber, text);
            return;
        }
        text = decode(gbkFirst ? utf8 : gbk, start, length);
        if (text != null) {
            count(!gbkFirst);
            sink.line(lineNumber, text);
            return;
        }
        sink.unreadable(lineNumber, "the line is neither UTF-8 nor GBK text");
    }

    private void count(boolean wasGbk) {
        if (wasGbk) {
            gbkLines++;
        } else {
            utf8Lines++;
        }
    }

    private String decode(CharsetDecoder decoder, int start, int length) {
        try {
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(pending, start, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isAscii(byte[] bytes, int start, int length) {
        for (int i = start; i < start + length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] bytes, int offset, int end, byte first, byte second) {
        return end - offset >= 2 && bytes[offset] == first && bytes[offset + 1] == second;
    }

    /** The whole upload cannot be read (not just one row). */
    static final class UnreadableUpload extends RuntimeException {
        UnreadableUpload(String message) {
            super(message, null, false, false);
        }
    }
}
