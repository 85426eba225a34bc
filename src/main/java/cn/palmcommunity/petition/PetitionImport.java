package cn.palmcommunity.petition;

import cn.palmcommunity.error.ProblemException;
import cn.palmcommunity.geo.GeoPoint;
import cn.palmcommunity.security.DataScope;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Batches from the city 12345 hotline and the district complaint platform (北尚诉办). A record is
 * created once per (channel, external id): sending a batch again creates nothing new. Their
 * category names map to ours through petition_category_alias (unknown ones become OTHER). Each
 * record stands alone: one bad record is reported and does not stop the others.
 */
@ApplicationScoped
public class PetitionImport {

    private final Pool pool;
    private final PetitionService petitions;

    public PetitionImport(Pool pool, PetitionService petitions) {
        this.pool = pool;
        this.petitions = petitions;
    }

    @Schema(name = "PetitionImportBatch")
    public record Batch(
            @Schema(example = "HOTLINE_12345", enumeration = {"HOTLINE_12345", "DISTRICT_PLATFORM"}) @NotNull Channel channel,
            @NotEmpty @Size(max = 1000) List<@Valid @NotNull ExternalRecord> records) {
    }

    @Schema(name = "ExternalPetitionRecord", description = "One record as the other platform holds it")
    public record ExternalRecord(
            @Schema(example = "12345-20261123-000871") @NotBlank @Size(max = 64) String externalId,
            @Schema(example = "2026-11-23T08:45:00+08:00") @NotNull OffsetDateTime receivedAt,
            @Schema(example = "反映合肥路17号楼下烧烤店夜间噪音扰民") @NotBlank @Size(max = 2000) String text,
            @Schema(example = "噪声污染", description = "Their category; mapped to ours") @Size(max = 40) String category,
            @Schema(example = "合肥路17号") @Size(max = 200) String address,
            @Schema(example = "王女士") @Size(max = 40) String contactName,
            @Schema(example = "13800001234") @Size(max = 20) String contactPhone,
            @Schema(example = "12", description = "When their record already names the community") @Positive Long communityId,
            @Schema(example = "36.0859", description = "WGS-84, when they have a position") @DecimalMin("-90") @DecimalMax("90") Double latitude,
            @Schema(example = "120.3698") @DecimalMin("-180") @DecimalMax("180") Double longitude) {
    }

    public enum Outcome { CREATED, DUPLICATE, REJECTED }

    @Schema(name = "PetitionImportResult")
    public record Result(
            @Schema(example = "12345-20261123-000871") String externalId,
            @Schema(example = "CREATED") Outcome outcome,
            @Schema(example = "1024") Long petitionId,
            @Schema(example = "NOISE") String categoryCode,
            @Schema(example = "communityId") String field,
            @Schema(example = "give a location or a community") String message) {
    }

    @Schema(name = "PetitionImportReport")
    public record Report(@Schema(example = "98") int created, @Schema(example = "2") int duplicates,
                         @Schema(example = "0") int rejected, List<Result> results) {
    }

    public Uni<Report> importBatch(Batch batch, DataScope scope) {
        if (batch.channel() != Channel.HOTLINE_12345 && batch.channel() != Channel.DISTRICT_PLATFORM) {
            throw ProblemException.invalidField("channel", "must be HOTLINE_12345 or DISTRICT_PLATFORM");
        }
        return Multi.createFrom().iterable(batch.records())
                .onItem().transformToUniAndConcatenate(record -> one(batch.channel(), record, scope))
                .collect().asList()
                .map(results -> new Report(count(results, Outcome.CREATED), count(results, Outcome.DUPLICATE),
                        count(results, Outcome.REJECTED), results));
    }

    private Uni<Result> one(Channel channel, ExternalRecord record, DataScope scope) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        SELECT (SELECT id FROM petition WHERE channel = $1 AND external_id = $2) AS existing,
                               coalesce((SELECT category_code FROM petition_category_alias WHERE channel = $1 AND external_code = $3),
                                        (SELECT code FROM petition_category WHERE code = upper($3) AND active), 'OTHER') AS category""")
                .execute(Tuple.of(channel.name(), record.externalId(), record.category() == null ? "" : record.category().strip()))
                .onItem().transformToUni(rows -> {
                    var row = rows.iterator().next();
                    String category = row.getString("category");
                    Long existing = row.getLong("existing");
                    if (existing != null) {
                        return Uni.createFrom().item(new Result(record.externalId(), Outcome.DUPLICATE, existing, category, null, null));
                    }
                    GeoPoint point = record.latitude() == null || record.longitude() == null ? null
                            : new GeoPoint(record.latitude(), record.longitude());
                    PetitionService.Filing filing = new PetitionService.Filing(channel, record.externalId(), category,
                            record.text().strip(), null, false, record.contactName(), record.contactPhone(), point,
                            record.communityId(), null, record.address(), record.receivedAt());
                    return petitions.insert(conn, filing, scope.role().name(), "category", "communityId")
                            .map(id -> new Result(record.externalId(), Outcome.CREATED, id, category, null, null));
                }))
                .onFailure(ProblemException.class).recoverWithItem(e -> {
                    var problem = ((ProblemException) e).problem();
                    String field = problem.errors().isEmpty() ? null : problem.errors().get(0).field();
                    String message = problem.errors().isEmpty() ? problem.detail() : problem.errors().get(0).message();
                    return new Result(record.externalId(), Outcome.REJECTED, null, null, field, message);
                });
    }

    private static int count(List<Result> results, Outcome outcome) {
        return (int) results.stream().filter(r -> r.outcome() == outcome).count();
    }
}
