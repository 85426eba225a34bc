-- Open311 GeoReport v2: civic clients file and read petitions at /open311/v2.

-- Keys for civic clients. Only a SHA-256 of each key is kept; the key itself is shown once.
CREATE TABLE open311_api_key (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key_hash    bytea NOT NULL UNIQUE CHECK (length(key_hash) = 32),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    created_by  bigint NOT NULL REFERENCES account (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

-- What a petition filed through Open311 carries beyond the petition itself: the token a client can
-- trade for the id, which key filed it, and the GeoReport fields we keep. Email and device id are
-- not kept: nothing here uses them.
CREATE TABLE open311_request (
    petition_id  bigint PRIMARY KEY REFERENCES petition (id),
    token        text NOT NULL UNIQUE CHECK (length(token) BETWEEN 16 AND 64),
    api_key_id   bigint NOT NULL REFERENCES open311_api_key (id),
    account_id   text CHECK (length(account_id) <= 100),
    address_id   text CHECK (length(address_id) <= 100),
    -- Stored as given; we do not download it.
    media_url    text CHECK (length(media_url) <= 2000),
    -- The service definition's attributes as answered, e.g. {"anonymous": ["true"], "urgent": ["false"]}.
    attributes   jsonb NOT NULL DEFAULT '{}'
);

-- GET requests walks petition_submitted_idx (V6) newest first within its requested_datetime window.
