package cn.palmcommunity.resident;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResidentIdNumberTest {

    @Test
    void checkCharactersOfPublishedExamples() {
        // The examples printed in GB 11643-1999 itself.
        assertEquals('X', ResidentIdNumber.checkCharacter("11010519491231002"));
        assertEquals('4', ResidentIdNumber.checkCharacter("44052418800101001"));
        assertTrue(ResidentIdNumber.isValid("11010519491231002X"));
        assertTrue(ResidentIdNumber.isValid("11010519491231002x"));
        assertTrue(ResidentIdNumber.isValid("440524188001010014"));
    }

    @Test
    void birthDateAndSexFollowFromTheNumber() {
        assertEquals(LocalDate.of(1949, 12, 31), ResidentIdNumber.birthDate("11010519491231002X"));
        assertEquals('F', ResidentIdNumber.sex("11010519491231002X"));
        assertEquals('M', ResidentIdNumber.sex("440524188001010014"));
    }

    @Test
    void wrongNumbersSayWhatIsWrong() {
        assertEquals("check digit does not match (expected X)", ResidentIdNumber.problem("110105194912310021"));
        assertEquals("must be 18 characters", ResidentIdNumber.problem("1101051949123100"));
        assertEquals("the first 17 characters must be digits", ResidentIdNumber.problem("1101051949123100AX"));
        assertEquals("characters 7-14 are not a valid birth date", ResidentIdNumber.problem("110105194902300021"));
        assertEquals("must be 18 characters", ResidentIdNumber.problem(null));
        assertNull(ResidentIdNumber.problem("440524188001010014"));
        assertFalse(ResidentIdNumber.isValid("440524188001010015"));
    }

    @Test
    void maskingHidesTheBirthDate() {
        String masked = ResidentIdNumber.mask("11010519491231002X");
        assertEquals("110***********002X", masked);
        assertFalse(masked.contains("1949"));
        assertEquals(18, masked.length());
    }
}
