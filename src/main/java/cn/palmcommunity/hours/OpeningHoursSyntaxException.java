package cn.palmcommunity.hours;

/** An {@code opening_hours} string that {@link OpeningHours#parseOsm(String)} cannot read, and where. */
public class OpeningHoursSyntaxException extends RuntimeException {

    private final int position;

    public OpeningHoursSyntaxException(String problem, int position) {
        super(problem + " at position " + position);
        this.position = position;
    }

    /** The 0-based index of the character where reading failed. */
    public int position() {
        return position;
    }
}
