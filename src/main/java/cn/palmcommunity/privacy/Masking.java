package cn.palmcommunity.privacy;

/** PIPL: screens show the least a task needs. One place for how personal values are masked. */
public final class Masking {

    private Masking() {
    }

    /** 138****1234: enough to recognise one's own number, not to call it. */
    public static String phone(String phone) {
        if (phone == null) {
            return null;
        }
        return phone.length() < 7 ? "****" : phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
    }
}
