package cn.palmcommunity.notification;

/** WeChat answered with an error code (or with something that is not its JSON). */
public class WeChatException extends RuntimeException {

    /** Our code for an answer that could not be read at all. */
    static final int NOT_JSON = -2;

    private final int errcode;

    public WeChatException(int errcode, String message) {
        super("errcode " + errcode + ": " + message, null, false, false);
        this.errcode = errcode;
    }

    public int errcode() {
        return errcode;
    }
}
