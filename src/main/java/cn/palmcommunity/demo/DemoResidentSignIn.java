package cn.palmcommunity.demo;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The demo district's stand-in for the WeChat login: the browser names itself with a device id it
 * keeps, and gets a resident account of its own (so two people trying the demo do not see each
 * other's petitions).
 */
@Schema(name = "DemoResidentSignIn", description = "Demo district only: sign in as a demo resident tied to this browser")
public record DemoResidentSignIn(
        @Schema(example = "3b0f6c7e-52b4-4d8e-9b8f-2f4c1e7a9d10", description = "A random id the browser keeps (8-64 letters, digits or -)")
        @NotBlank @Pattern(regexp = "[A-Za-z0-9-]{8,64}", message = "must be 8-64 letters, digits or -") String deviceId,
        @Schema(example = "演示居民小李") @Size(max = 40) String nickname) {
}
