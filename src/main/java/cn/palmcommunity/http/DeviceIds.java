package cn.palmcommunity.http;

/**
 * The {@code X-Device-Id} header: a stable id a phone sends when nobody is logged in (the rider's
 * mini program). Rate limits, Idempotency-Key owners and station check-ins all key anonymous callers
 * by it, so they all accept the same values.
 */
public final class DeviceIds {

    public static final String HEADER = "X-Device-Id";
    public static final int MAX_LENGTH = 100;
    public static final String RULE = "must be 1-" + MAX_LENGTH + " visible ASCII characters";

    private DeviceIds() {
    }

    /** A usable device id: 1-100 visible ASCII characters. */
    public static boolean isValid(String value) {
        return value != null && isVisibleAscii(value, MAX_LENGTH);
    }

    /** 1 to {@code maxLength} characters, each printable ASCII without spaces (also the rule for Idempotency-Key). */
    public static boolean isVisibleAscii(String value, int maxLength) {
        if (value.isEmpty() || value.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
