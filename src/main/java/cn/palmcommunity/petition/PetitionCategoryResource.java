package cn.palmcommunity.petition;

import cn.palmcommunity.error.ProblemException;
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

/** The managed category list: read by everyone (the mini program's picker), edited by district staff. */
@Path("/api/petition-categories")
@Tag(name = "Petition categories", description = "Categories and their time limits")
@Produces(MediaType.APPLICATION_JSON)
public class PetitionCategoryResource {

    private final Pool pool;

    public PetitionCategoryResource(Pool pool) {
        this.pool = pool;
    }

    @Schema(name = "PetitionCategory")
    public record CategoryView(
            @Schema(example = "NOISE") String code,
            @Schema(example = "噪音扰民") String nameZh,
            @Schema(example = "Noise") String nameEn,
            @Schema(example = "24") int acceptWithinHours,
            @Schema(example = "5") int resolveWithinWorkingDays,
            @Schema(example = "10") int maxExtensionWorkingDays,
            @Schema(example = "3") int visitWithinDays,
            @Schema(example = "true") boolean active,
            @Schema(example = "30") int sortOrder) {
        static CategoryView of(PetitionCategories.Category c) {
            return new CategoryView(c.code(), c.nameZh(), c.nameEn(), c.acceptWithinHours(), c.resolveWithinWorkingDays(),
                    c.maxExtensionWorkingDays(), c.visitWithinDays(), c.active(), c.sortOrder());
        }
    }

    @Schema(name = "PetitionCategoryUpdate")
    public record CategoryUpdate(
            @Schema(example = "噪音扰民") @NotBlank @Size(max = 20) String nameZh,
            @Schema(example = "Noise") @NotBlank @Size(max = 40) String nameEn,
            @Schema(example = "24") @NotNull @Min(1) @Max(720) Integer acceptWithinHours,
            @Schema(example = "5") @NotNull @Min(1) @Max(60) Integer resolveWithinWorkingDays,
            @Schema(example = "10") @NotNull @Min(0) @Max(60) Integer maxExtensionWorkingDays,
            @Schema(example = "3") @NotNull @Min(1) @Max(30) Integer visitWithinDays,
            @Schema(example = "true") @NotNull Boolean active,
            @Schema(example = "30") @NotNull @Min(0) @Max(1000) Integer sortOrder) {
    }

    @GET
    @PermitAll
    @Operation(summary = "The petition categories, in display order (inactive ones included, flagged)")
    @APIResponse(responseCode = "200", description = "Categories")
    @APIResponse(responseCode = "404", ref = ProblemResponses.NOT_FOUND)
    public Uni<List<CategoryView>> list() {
        return pool.query("SELECT * FROM petition_category ORDER BY sort_order, code").execute().map(rows -> {
            List<CategoryView> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(CategoryView.of(PetitionCategories.Category.of(r)));
            }
            return out;
        });
    }

    @PUT
    @Path("/{code}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Role.DISTRICT_ADMIN_NAME, Role.DISTRICT_STAFF_NAME})
    @SecurityRequirement(name = "jwt")
    @Operation(summary = "Create or change a category and its time limits")
    @APIResponse(responseCode = "200", description = "The category as stored")
    @APIResponse(responseCode = "403", ref = ProblemResponses.FORBIDDEN)
    @APIResponse(responseCode = "422", ref = ProblemResponses.INVALID)
    public Uni<CategoryView> put(@PathParam("code") @Pattern(regexp = "[A-Z][A-Z0-9_]{1,39}", message = "must be UPPER_SNAKE_CASE") String code,
                                 @Valid @NotNull CategoryUpdate update) {
        return pool.preparedQuery("""
                        INSERT INTO petition_category (code, name_zh, name_en, accept_within_hours, resolve_within_working_days,
                                                       max_extension_working_days, visit_within_days, active, sort_order)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                        ON CONFLICT (code) DO UPDATE SET name_zh = EXCLUDED.name_zh, name_en = EXCLUDED.name_en,
                            accept_within_hours = EXCLUDED.accept_within_hours,
                            resolve_within_working_days = EXCLUDED.resolve_within_working_days,
                            max_extension_working_days = EXCLUDED.max_extension_working_days,
                            visit_within_days = EXCLUDED.visit_within_days, active = EXCLUDED.active,
                            sort_order = EXCLUDED.sort_order, updated_at = now()
                        RETURNING *""")
                .execute(Tuple.from(new Object[] {code, update.nameZh().strip(), update.nameEn().strip(), update.acceptWithinHours(),
                    update.resolveWithinWorkingDays(), update.maxExtensionWorkingDays(), update.visitWithinDays(), update.active(),
                    update.sortOrder()}))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw ProblemException.notFound("Category", code);
                    }
                    return CategoryView.of(PetitionCategories.Category.of(rows.iterator().next()));
                });
    }
}
