package cn.palmcommunity.openapi;

import cn.palmcommunity.error.Problem;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The API's shared OpenAPI parts: the bearer scheme and the problem responses every operation refers to. */
@OpenAPIDefinition(
        info = @Info(title = "Palm Community API", version = "0.1.0",
                description = "Resident petitions, rider stations, policy-finds-people and volunteer matching for a city district."),
        components = @Components(
                securitySchemes = @SecurityScheme(securitySchemeName = "jwt", type = SecuritySchemeType.HTTP,
                        scheme = "bearer", bearerFormat = "JWT", description = "RS256 access token from /api/auth/*"),
                responses = {
                    @APIResponse(name = ProblemResponses.MALFORMED, responseCode = "400", description = "Malformed JSON, or a field of the wrong type",
                            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "wrong-type", value = """
                                            {"type":"https://palm.community/problems/wrong-type","title":"Request is not valid","status":400,\
                                            "detail":"role must be one of [RESIDENT, RIDER]","instance":"/api/auth/wechat",\
                                            "errors":[{"field":"role","message":"must be one of [RESIDENT, RIDER]"}]}"""))),
                    @APIResponse(name = ProblemResponses.UNAUTHORIZED, responseCode = "401", description = "No valid access token",
                            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "unauthorized", value = """
                                            {"type":"https://palm.community/problems/unauthorized","title":"Not authenticated","status":401,\
                                            "detail":"A valid access token is required (it may be missing, expired, or not issued by this server)"}"""))),
                    @APIResponse(name = ProblemResponses.FORBIDDEN, responseCode = "403", description = "Outside the caller's role or data scope",
                            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "forbidden", value = """
                                            {"type":"https://palm.community/problems/forbidden","title":"Forbidden","status":403,\
                                            "detail":"Community 12 is outside your data scope"}"""))),
                    @APIResponse(name = ProblemResponses.NOT_FOUND, responseCode = "404", description = "No such record",
                            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "not-found", value = """
                                            {"type":"https://palm.community/problems/not-found","title":"Resident not found","status":404,\
                                            "detail":"Resident 99 does not exist or is not visible to you"}"""))),
                    @APIResponse(name = ProblemResponses.CONFLICT, responseCode = "409", description = "Conflicts with the current state",
                            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "duplicate", value = """
                                            {"type":"https://palm.community/problems/duplicate-username","title":"Conflict","status":409,\
                                            "detail":"Username worker.c001 is taken"}"""))),
                    @APIResponse(name = ProblemResponses.TOO_LARGE, responseCode = "413", description = "Body over the size limit",
                            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "too-large", value = """
                                            {"type":"https://palm.community/problems/payload-too-large","title":"Payload Too Large","status":413,\
                                            "detail":"The request body is too large"}"""))),
                    @APIResponse(name = ProblemResponses.UNSUPPORTED_MEDIA, responseCode = "415", description = "Body is not JSON",
                            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "unsupported", value = """
                                            {"type":"https://palm.community/problems/unsupported-media-type","title":"Unsupported Media Type","status":415,\
                                            "detail":"The request body must be sent as application/json"}"""))),
                    @APIResponse(name = ProblemResponses.INVALID, responseCode = "422", description = "Well-formed but not valid; each wrong field is named",
                            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "validation", value = """
                                            {"type":"https://palm.community/problems/validation","title":"Request is not valid","status":422,\
                                            "detail":"Not valid: password, username","errors":[{"field":"password","message":"must not be blank"},\
                                            {"field":"username","message":"must not be blank"}]}"""))),
                    @APIResponse(name = ProblemResponses.TOO_MANY, responseCode = "429", description = "Locked out or rate limited; see Retry-After",
                            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "locked", value = """
                                            {"type":"https://palm.community/problems/account-locked","title":"Account locked","status":429,\
                                            "detail":"Too many failed logins; try again after 15 minutes"}"""))),
                    @APIResponse(name = ProblemResponses.INTERNAL, responseCode = "500", description = "Unexpected failure; no internals are shown",
                            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "internal", value = """
                                            {"type":"https://palm.community/problems/internal","title":"Internal error","status":500,\
                                            "detail":"Something went wrong on our side; quote error id 7d0c… when reporting it"}"""))),
                    @APIResponse(name = ProblemResponses.BAD_GATEWAY, responseCode = "502", description = "An upstream service (WeChat) answered with an error",
                            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "wechat", value = """
                                            {"type":"https://palm.community/problems/wechat-error","title":"WeChat login failed","status":502,\
                                            "detail":"WeChat answered errcode 40013"}"""))),
                    @APIResponse(name = ProblemResponses.UNAVAILABLE, responseCode = "503", description = "A dependency is unavailable; retry later",
                            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                                    examples = @ExampleObject(name = "unavailable", value = """
                                            {"type":"https://palm.community/problems/wechat-unavailable","title":"WeChat is not reachable","status":503,\
                                            "detail":"Try again in a moment"}""")))
                }))
public class PalmApplication extends Application {
}
