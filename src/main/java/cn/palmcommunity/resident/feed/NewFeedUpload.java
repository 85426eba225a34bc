package cn.palmcommunity.resident.feed;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Announces an upload; its rows follow with {@code PUT /api/feeds/uploads/{id}/rows}. */
@Schema(name = "NewFeedUpload")
public record NewFeedUpload(
        @Schema(example = "DEATH", required = true,
                enumeration = {"BIRTH", "DEATH", "DISABILITY", "LOW_INCOME", "HOUSEHOLD_MOVE", "VETERAN_EMPLOYMENT", "EDUCATION"}) String feed,
        @Schema(example = "deaths-2026-11.csv", description = "For people reading the upload list") String fileName) {
}
