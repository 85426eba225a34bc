-- Photos of a petition: what the resident sent, and what the handler sent back with the result.
-- Who may see one is decided by the petition (its followers, staff in its scope).
CREATE TABLE petition_photo (
    petition_id  bigint NOT NULL REFERENCES petition (id),
    photo_id     uuid NOT NULL REFERENCES photo (id),
    kind         text NOT NULL CHECK (kind IN ('SUBMISSION', 'RESULT')),
    position     smallint NOT NULL CHECK (position BETWEEN 0 AND 8),
    PRIMARY KEY (petition_id, photo_id),
    UNIQUE (petition_id, kind, position)
);
CREATE INDEX petition_photo_photo_idx ON petition_photo (photo_id);
