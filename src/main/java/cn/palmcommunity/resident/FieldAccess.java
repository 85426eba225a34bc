package cn.palmcommunity.resident;

import java.util.Set;

/**
 * What one caller may see of a resident beyond name, masked ID number, sex, age, community and
 * living status. Workers of a community see everything of their residents; a department sees the
 * fields and tags of its own business (table department_field).
 *
 * @param tags the tag codes the caller may see, or {@code null} for every tag
 * @param fullPhone whether phones are shown whole (the role phones residents) or masked
 */
public record FieldAccess(boolean phone, boolean address, boolean household, Set<String> tags, boolean fullPhone) {

    public static FieldAccess everything(boolean fullPhone) {
        return new FieldAccess(true, true, true, null, fullPhone);
    }

    public boolean seesTag(String code) {
        return tags == null || tags.contains(code);
    }
}
