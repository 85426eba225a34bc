package cn.palmcommunity.volunteer;

import cn.palmcommunity.openapi.ProblemResponses;
import cn.palmcommunity.security.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The reference lists the mini program's pickers show: force categories and the managed skill list. */
@Path("/api")
@Tag(name = "Volunteer reference lists", description = "The nine force categories and the managed volunteer skills")
@Produces(MediaType.APPLICATION_JSON)
public class VolunteerSkillResource {

    private final Pool pool;

    public VolunteerSkillResource(Pool pool) {
        this.pool = pool;
    }

    @Schema(name = "ForceCategory")
    public record ForceCategoryView(
            @Schema(example = "PARTY_MEMBER") String code,
            @Schema(example = "党员") String nameZh,
            @Schema(example = "Party member") String nameEn) {
    }

    @Schema(name = "VolunteerSkill")
    public record SkillView(
            @Schema(example = "MEDIC") String code,
            @Schema(example = "白衣天使(医生)") String nameZh,
            @Schema(example = "Medic (doctor)") String nameEn,
            @Schema(example = "true", description = "Holding the skill counts only with a valid certificate") boolean certificateRequired,
            @Schema(example = "true") boolean active,
            @Schema(example = "10") int sortOrder) {
        static SkillView of(Skills.Skill s) {
            return new SkillView(s.code(), s.nameZh(), s.nameEn(), s.certificateRequired(), s.active(), s.sortOrder());
        }
    }

    @Schema(name = "VolunteerSkillUpdate")
    public record SkillUpdate(
            @Schema(example = "白衣天使(医生)") @NotBlank @Size(max = 20) String nameZh,
            @Schema(example = "Medic (doctor)") @NotBlank @Size(max = 60) String nameEn,
            @Schema(example = "true") @NotNull Boolean certificateRequired,
            @Schema(example = "true") @NotNull Boolean active,
            @Schema(example = "10") @NotNull @Min(0) @Max(10000) Integer sortOrder) {
    }

    @GET
    @Path("/force-categories")
    @PermitAll
    @Operation(summary = "The nine categories of governance force")
    @APIResponse(responseCode = "200", description = "Categories in display order")
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<List<ForceCategoryView>> categories() {
        return pool.query("SELECT * FROM force_category ORDER BY sort_order").execute().map(rows -> {
            List<ForceCategoryView> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new ForceCategoryView(r.getString("code"), r.getString("name_zh"), r.getString("name_en")));
            }
            return out;
        });
    }

    @GET
    @Path("/volunteer-skills")
    @PermitAll
    @Operation(summary = "The volunteer types and skills, in display order (inactive ones included, flagged)")
    @APIResponse(responseCode = "200", description = "Skills")
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<List<SkillView>> skills() {
        return pool.query("SELECT * FROM volunteer_skill ORDER BY sort_order, code").execute().map(rows -> {
            List<SkillView> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(SkillView.of(Skills.Skill.of(r)));
            }
            return out;
        });
    }

    @PUT
    @Path("/volunteer-skills/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME})
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Create or change a skill on the managed list")
    @APIResponse(responseCode = "200", description = "The skill as stored")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<SkillView> put(@PathParam("code") @Pattern(regexp = "[A-Z][A-Z0-9_]{1,39}", message = "must be UPPER_SNAKE_CASE") String code,
                              @Valid @NotNull SkillUpdate update) {
        return pool.preparedQuery("""
                        INSERT INTO volunteer_skill (code, name_zh, name_en, certificate_required, active, sort_order)
                        VALUES ($1, $2, $3, $4, $5, $6)
                        ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en,
                            certificate_required = EXCLUDED.certificate_required, active = EXCLUDED.active,
                            sort_order = EXCLUDED.sort_order
                        RETURNING *""")
                .execute(Tuple.tuple(List.of(code, update.nameZh().strip(), update.nameEn().strip(), update.certificateRequired(),
                        update.active(), update.sortOrder())))
                .map(rows -> SkillView.of(Skills.Skill.of(rows.iterator().next())));
    }
}
