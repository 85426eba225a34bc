package cn.palmcommunity.resident.feed;

import java.time.LocalDate;

/**
 * One valid feed row, ready to apply. Which of the optional parts are set depends on the kind:
 * {@code day} is the birth, death, move or "since" day; {@code status} the direction, validity,
 * grant or employment; {@code level} a disability level; the address parts belong to a move in.
 */
record FeedItem(
        long row,
        String recordId,
        long version,
        String idNumber,
        byte[] idHash,
        LocalDate day,
        String status,
        String name,
        Long communityId,
        Integer level,
        String compound,
        String building,
        String unit,
        String room,
        String phone,
        String education,
        byte[] guardianHash) {

    /** The resident the row is about, as a map key. */
    String residentKey() {
        return java.util.HexFormat.of().formatHex(idHash);
    }
}
