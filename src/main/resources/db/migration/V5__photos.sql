-- Photos attached to petitions now, and to stations, volunteer activities and the like later.
-- A photo is stored only after its metadata (Exif with GPS, XMP, comments) has been removed, so
-- the bytes here are the bytes that are served. Who may see a photo depends on what it belongs to;
-- the owning table (e.g. petition_photo) holds the reference and the access rule.
CREATE TABLE photo (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- SHA-256 of the stored (stripped) bytes; doubles as the strong ETag.
    sha256       bytea NOT NULL CHECK (octet_length(sha256) = 32),
    media_type   text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes        bytea NOT NULL,
    size         integer NOT NULL CHECK (size > 0 AND size = octet_length(bytes)),
    width        integer CHECK (width > 0),
    height       integer CHECK (height > 0),
    uploaded_by  bigint REFERENCES account (id),
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- JPEG, PNG and WebP are compressed already: keep them out of line without a pointless compression pass.
ALTER TABLE photo ALTER COLUMN bytes SET STORAGE EXTERNAL;

-- For the foreign key (an account is never deleted while its photos reference it) and "my uploads".
CREATE INDEX photo_uploaded_by ON photo (uploaded_by);
