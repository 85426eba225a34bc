package cn.palmcommunity.security;

import java.util.List;

/** What an access token says about its holder: identity, role and data scope. */
public record AccountPrincipal(
        long id,
        Role role,
        String loginName,
        String displayName,
        Long districtId,
        List<Long> communityIds,
        List<Long> gridIds,
        String department) {
}
