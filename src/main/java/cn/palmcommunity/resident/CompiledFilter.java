package cn.palmcommunity.resident;

import java.util.List;

/**
 * A filter as SQL: a WHERE clause over {@code resident r} with numbered placeholders, and the values
 * to bind to them in order. Values never enter the SQL text.
 */
public record CompiledFilter(String where, List<Object> params) {

    /** The next free placeholder number. */
    public int nextParam() {
        return params.size() + 1;
    }
}
