package cn.palmcommunity.account;

import cn.palmcommunity.security.Role;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.OffsetDateTime;

/** A person who logs in: staff at one of the levels, a department, or a mini-program user. */
@Entity
@Table(name = "account")
public class Account {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, columnDefinition = "text")
    public Role role;

    @Column(name = "display_name", nullable = false, columnDefinition = "text")
    public String displayName;

    @Column(columnDefinition = "text")
    public String username;

    @Column(name = "password_hash", columnDefinition = "text")
    public String passwordHash;

    @Column(name = "wechat_openid", columnDefinition = "text")
    public String wechatOpenid;

    @Column(name = "wechat_unionid", columnDefinition = "text")
    public String wechatUnionid;

    @Column(name = "district_id")
    public Long districtId;

    @Column(name = "street_id")
    public Long streetId;

    @Column(name = "community_id")
    public Long communityId;

    @Column(name = "grid_id")
    public Long gridId;

    @Enumerated(EnumType.STRING)
    @Column(columnDefinition = "text")
    public Department department;

    @Column(name = "failed_logins", nullable = false)
    public int failedLogins;

    @Column(name = "locked_until")
    public OffsetDateTime lockedUntil;

    @Column(nullable = false)
    public boolean enabled = true;

    @Column(name = "created_at", nullable = false, insertable = false, updatable = false)
    public OffsetDateTime createdAt;

    @Version
    public int version;

    public String loginName() {
        return username != null ? username : "wx:" + id;
    }
}
