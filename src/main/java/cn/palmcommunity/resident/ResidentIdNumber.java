package cn.palmcommunity.resident;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * A resident identity card number (GB 11643-1999): six digits of region, eight of birth date, three
 * of sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
 */
public final class ResidentIdNumber {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    private ResidentIdNumber() {
    }

    /** The check character for the first seventeen digits. */
    public static char checkCharacter(CharSequence first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            char c = first17.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("digit expected at position " + (i + 1));
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    /** Why the number is not valid, or {@code null} when it is. */
    public static String problem(String number) {
        if (number == null || number.length() != 18) {
            return "must be 18 characters";
        }
        for (int i = 0; i < 17; i++) {
            if (!Character.isDigit(number.charAt(i)) || number.charAt(i) > '9') {
                return "the first 17 characters must be digits";
            }
        }
        char last = Character.toUpperCase(number.charAt(17));
        if (birthDateOrNull(number) == null) {
            return "characters 7-14 are not a valid birth date";
        }
        if (checkCharacter(number) != last) {
            return "check digit does not match (expected " + checkCharacter(number) + ")";
        }
        return null;
    }

    public static boolean isValid(String number) {
        return problem(number) == null;
    }

    public static LocalDate birthDate(String number) {
        LocalDate date = birthDateOrNull(number);
        if (date == null) {
            throw new IllegalArgumentException("no valid birth date in the ID number");
        }
        return date;
    }

    /** 'M' or 'F', from the parity of the 17th digit. */
    public static char sex(String number) {
        return (number.charAt(16) - '0') % 2 == 1 ? 'M' : 'F';
    }

    /** What most screens show: region prefix and last four, nothing of the birth date. */
    public static String mask(String number) {
        if (number == null || number.length() < 8) {
            return "****";
        }
        return number.substring(0, 3) + "*".repeat(number.length() - 7) + number.substring(number.length() - 4);
    }

    private static LocalDate birthDateOrNull(String number) {
        try {
            return LocalDate.of(Integer.parseInt(number.substring(6, 10)),
                    Integer.parseInt(number.substring(10, 12)), Integer.parseInt(number.substring(12, 14)));
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }
}
