-- Petition insights: common needs, hotspots, the three rates and the monthly satisfaction self-check.

-- Every insight reads a period of submissions: by community (community staff, the per-community
-- rates) and district-wide (district staff, the common-needs window).
CREATE INDEX petition_community_submitted_idx ON petition (community_id, submitted_at);
CREATE INDEX petition_submitted_idx ON petition (submitted_at);
-- The self-check reads a month of ratings, by the time they were given.
CREATE INDEX petition_rated_idx ON petition (visited_at) WHERE rating IS NOT NULL;

-- 满意度自查: one row per community and month; a rerun of the month updates its rows.
CREATE TABLE satisfaction_check (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id  bigint NOT NULL REFERENCES community (id),
    month         date NOT NULL CHECK (extract(day FROM month) = 1),
    rated         integer NOT NULL CHECK (rated >= 0),
    satisfied     integer NOT NULL CHECK (satisfied >= 0),
    dissatisfied  integer NOT NULL CHECK (dissatisfied >= 0),
    -- satisfied / rated, NULL when nothing was rated.
    rate          numeric(5, 4) CHECK (rate BETWEEN 0 AND 1),
    generated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT satisfaction_check_month UNIQUE (community_id, month),
    CONSTRAINT satisfaction_check_sum CHECK (satisfied + dissatisfied = rated)
);
CREATE INDEX satisfaction_check_month_idx ON satisfaction_check (month, community_id);

-- The dissatisfied ratings (1-3) of the month, each to be called back by the community.
CREATE TABLE satisfaction_callback (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    petition_id     bigint NOT NULL REFERENCES petition (id),
    community_id    bigint NOT NULL REFERENCES community (id),
    month           date NOT NULL CHECK (extract(day FROM month) = 1),
    reporter_id     bigint REFERENCES account (id),
    rating          smallint NOT NULL CHECK (rating BETWEEN 1 AND 3),
    comment         text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    called_back_at  timestamptz,
    called_back_by  bigint REFERENCES account (id),
    outcome         text CHECK (length(outcome) BETWEEN 1 AND 1000),
    CONSTRAINT satisfaction_callback_month UNIQUE (petition_id, month),
    CONSTRAINT satisfaction_callback_done CHECK ((called_back_at IS NULL) = (outcome IS NULL))
);
CREATE INDEX satisfaction_callback_list_idx ON satisfaction_callback (month, community_id, id);
