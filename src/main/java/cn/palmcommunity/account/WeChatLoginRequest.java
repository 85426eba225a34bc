package cn.palmcommunity.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "WeChatLoginRequest", description = "Mini-program login: the code from wx.login and the persona")
public record WeChatLoginRequest(
        @Schema(example = "081Kq4Ga1Xb2yF0Tz3Ha1pWm4S1Kq4GW") @NotBlank @Size(max = 128) String code,
        @Schema(example = "RESIDENT") @NotNull Persona role,
        @Schema(example = "小王") @Size(max = 40) String nickname) {

    /** The two ways into the mini program. */
    public enum Persona { RESIDENT, RIDER }
}
