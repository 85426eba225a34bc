package cn.palmcommunity.resident.feed;

/** Why one row of an upload was rejected: its line number, its record id if it had one, the field and the reason. */
public record RowError(long row, String recordId, String field, String reason) {
}
