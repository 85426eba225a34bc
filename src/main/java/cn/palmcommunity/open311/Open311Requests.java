package cn.palmcommunity.open311;

import cn.palmcommunity.geo.GeoPoint;
import cn.palmcommunity.petition.Channel;
import cn.palmcommunity.petition.PetitionService;
import cn.palmcommunity.petition.PetitionStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.palmcommunity.open311.Open311Document.fields;
import static cn.palmcommunity.open311.Open311Services.w3c;

/**
 * GeoReport service requests over our petitions: filing one (a petition on the OPEN311 channel),
 * and reading petitions of every channel without anything that identifies the person who filed it.
 */
@ApplicationScoped
class Open311Requests {

    static final int MAX_RESULTS = 1000;
    static final int MAX_DESCRIPTION = 2000;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Only petitions filed through Open311 are published here: the GeoReport read API is public, and a
     * resident's mini-program or hotline petition (its text and exact position) is personal information.
     */
    private static final String SELECT = """
            SELECT p.id, p.status, p.category_code, c.name_zh, c.name_en, c.accept_within_hours, c.resolve_within_working_days,
                   p.body, p.result_text, p.reject_reason, p.merged_into, co.name AS community_name,
                   p.dispatch_target_type, p.dispatch_target, p.submitted_at, p.updated_at, p.resolved_at,
                   coalesce(p.resolve_due_at, p.accept_due_at) AS expected_at, p.address, o.address_id, o.media_url,
                   ST_Y(p.location::geometry) AS lat, ST_X(p.location::geometry) AS lon
              FROM petition p
              JOIN petition_category c ON c.code = p.category_code
              JOIN community co ON co.id = p.community_id
              JOIN open311_request o ON o.petition_id = p.id
            """;
    private static final String NEWEST_FIRST = " ORDER BY p.submitted_at DESC, p.id DESC LIMIT " + MAX_RESULTS;

    private final Pool pool;
    private final PetitionService petitions;
    private final Open311Services services;
    private final ApiKeys keys;

    Open311Requests(Pool pool, PetitionService petitions, Open311Services services, ApiKeys keys) {
        this.pool = pool;
        this.petitions = petitions;
        this.services = services;
        this.keys = keys;
    }

    /** POST requests: [{service_request_id, service_notice, account_id}]. We file at once, so the id, not a token. */
    Uni<Open311Document.Items> file(Open311Form form, boolean english) {
        return keys.verify(form.get("api_key")).onItem().transformToUni(keyId -> {
            String serviceCode = form.get("service_code");
            if (serviceCode == null) {
                throw Open311Exception.badRequest("service_code was not provided");
            }
            return services.active(serviceCode).onItem().transformToUni(service -> {
                NewRequest request = NewRequest.read(form, service);
                return pool.withTransaction(conn -> petitions.insert(conn, request.filing(), Channel.OPEN311.name(), "service_code", "lat")
                                .onItem().transformToUni(id -> conn.preparedQuery("""
                                                INSERT INTO open311_request (petition_id, token, api_key_id, account_id, address_id, media_url, attributes)
                                                VALUES ($1, $2, $3, $4, $5, $6, $7)""")
                                        .execute(Tuple.from(new Object[] {id, newToken(), keyId, request.accountId(), request.addressId(),
                                            request.mediaUrl(), new JsonObject(new LinkedHashMap<String, Object>(request.attributes()))}))
                                        .replaceWith(id)))
                        .map(id -> new Open311Document.Items("request", List.of(fields("service_request_id", id.toString(),
                                "service_notice", service.notice(english), "account_id", request.accountId()))));
            });
        });
    }

    Uni<Open311Document.Items> find(RequestQuery query, boolean english) {
        Uni<RowSet<Row>> rows = query.byIds()
                ? pool.preparedQuery(SELECT + " WHERE p.id = ANY($1)" + NEWEST_FIRST).execute(Tuple.of(query.ids().toArray(Long[]::new)))
                : pool.preparedQuery(SELECT + """
                         WHERE p.submitted_at >= $1 AND p.submitted_at <= $2
                           AND ($3::text[] IS NULL OR p.category_code = ANY($3))
                           AND ($4::text[] IS NULL OR p.status = ANY($4))""" + NEWEST_FIRST)
                .execute(Tuple.of(query.from(), query.to(),
                        query.serviceCodes() == null ? null : query.serviceCodes().toArray(String[]::new), query.statusNames()));
        return rows.map(found -> requests(found, english));
    }

    /** One request, or a 404 for an id that names none. */
    Uni<Open311Document.Items> one(String id, boolean english) {
        if (!id.matches("\\d{1,18}")) {
            return Uni.createFrom().failure(Open311Exception.notFound("service_request_id " + id + " was not found"));
        }
        return pool.preparedQuery(SELECT + " WHERE p.id = $1").execute(Tuple.of(Long.parseLong(id))).map(found -> {
            if (found.size() == 0) {
                throw Open311Exception.notFound("service_request_id " + id + " was not found");
            }
            return requests(found, english);
        });
    }

    /** GET tokens/{token}: [{service_request_id, token}]. */
    Uni<Open311Document.Items> token(String token) {
        return pool.preparedQuery("SELECT petition_id FROM open311_request WHERE token = $1").execute(Tuple.of(token)).map(found -> {
            if (found.size() == 0) {
                throw Open311Exception.notFound("token " + token + " was not found");
            }
            return new Open311Document.Items("request", List.of(fields(
                    "service_request_id", found.iterator().next().getLong("petition_id").toString(), "token", token)));
        });
    }

    private static Open311Document.Items requests(RowSet<Row> rows, boolean english) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(request(r, english));
        }
        return new Open311Document.Items("request", out);
    }

    /** A petition as a GeoReport request. No names, phones or emails: GET requests is public. */
    private static Map<String, Object> request(Row r, boolean english) {
        PetitionStatus status = PetitionStatus.valueOf(r.getString("status"));
        Open311Services.Service service = new Open311Services.Service(r.getString("category_code"), r.getString("name_zh"),
                r.getString("name_en"), r.getInteger("accept_within_hours"), r.getInteger("resolve_within_working_days"));
        // For a closed request the spec wants the time it was closed; for ours that is its resolution when there was one.
        OffsetDateTime updated = status.isOpen() || r.getOffsetDateTime("resolved_at") == null
                ? r.getOffsetDateTime("updated_at") : r.getOffsetDateTime("resolved_at");
        String target = r.getString("dispatch_target_type");
        String agency = "DEPARTMENT".equals(target) || "PROPERTY_COMPANY".equals(target)
                ? r.getString("dispatch_target") : r.getString("community_name");
        return fields("service_request_id", r.getLong("id").toString(),
                "status", status.isOpen() ? "open" : "closed",
                "status_notes", StatusNotes.of(status, r.getString("result_text"), r.getString("reject_reason"), r.getLong("merged_into"), english),
                "service_name", service.name(english),
                "service_code", service.code(),
                "description", r.getString("body"),
                "agency_responsible", agency,
                "service_notice", service.notice(english),
                "requested_datetime", w3c(r.getOffsetDateTime("submitted_at")),
                "updated_datetime", w3c(updated),
                "expected_datetime", w3c(r.getOffsetDateTime("expected_at")),
                "address", r.getString("address"),
                "address_id", r.getString("address_id"),
                "zipcode", null,
                "lat", r.getDouble("lat"),
                "long", r.getDouble("lon"),
                "media_url", r.getString("media_url"));
    }

    private static String newToken() {
        byte[] random = new byte[18];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** A POST's arguments, checked: everything wrong is a 400 naming the argument. */
    record NewRequest(PetitionService.Filing filing, String accountId, String addressId, String mediaUrl,
                      Map<String, List<String>> attributes) {

        static NewRequest read(Open311Form form, Open311Services.Service service) {
            GeoPoint point = location(form);
            String description = form.get("description");
            if (description == null) {
                throw Open311Exception.badRequest("description was not provided; describe the problem in up to " + MAX_DESCRIPTION + " characters");
            }
            if (description.length() > MAX_DESCRIPTION) {
                throw Open311Exception.badRequest("description may be at most " + MAX_DESCRIPTION + " characters here");
            }
            Map<String, List<String>> attributes = ServiceAttributes.check(service.attributes(), form.attributes());
            String phone = form.get("phone", 30);
            if (phone != null && !phone.matches("[0-9+\\-() ]{3,30}")) {
                throw Open311Exception.badRequest("phone may contain only digits, spaces and + - ( )");
            }
            PetitionService.Filing filing = new PetitionService.Filing(Channel.OPEN311, null, service.code(), description, null,
                    ServiceAttributes.isTrue(attributes, ServiceAttributes.ANONYMOUS),
                    contactName(form.get("first_name", 50), form.get("last_name", 50)), phone, point, null, null,
                    form.get("address_string", 200), null);
            return new NewRequest(filing, form.get("account_id", 100), form.get("address_id", 100), mediaUrl(form.get("media_url", 2000)),
                    attributes);
        }

        /**
         * lat and long (WGS-84). An address_string or address_id alone is refused: a petition must
         * belong to a community, and we cannot place a free-text address in one.
         */
        private static GeoPoint location(Open311Form form) {
            String lat = form.get("lat");
            String lon = form.get("long");
            if (lat == null && lon == null) {
                if (form.get("address_string") != null || form.get("address_id") != null) {
                    throw Open311Exception.badRequest("lat and long are required: this jurisdiction places every request in a community "
                            + "by its WGS-84 position and cannot do so from address_string or address_id alone");
                }
                throw Open311Exception.badRequest("A location was not provided: send lat and long (WGS-84)");
            }
            if (lat == null || lon == null) {
                throw Open311Exception.badRequest("lat and long must be sent together");
            }
            return new GeoPoint(degrees("lat", lat, 90), degrees("long", lon, 180));
        }

        private static double degrees(String name, String raw, double limit) {
            double value;
            try {
                value = Double.parseDouble(raw);
            } catch (NumberFormatException e) {
                throw Open311Exception.badRequest(name + " must be a number in decimal degrees");
            }
            if (!(value >= -limit && value <= limit)) {
                throw Open311Exception.badRequest(name + " must be between " + (int) -limit + " and " + (int) limit);
            }
            return value;
        }

        /** Chinese names run family name first (王 + 小明); others given name first. */
        private static String contactName(String first, String last) {
            if (first == null || last == null) {
                return first != null ? first : last;
            }
            boolean chinese = (first + last).codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN);
            return chinese ? last + first : first + " " + last;
        }

        private static String mediaUrl(String raw) {
            if (raw == null) {
                return null;
            }
            // ASCII only, as the schemas' "uri" format requires: an IRI must arrive percent-encoded.
            if (raw.chars().allMatch(c -> c < 0x80)) {
                try {
                    URI uri = new URI(raw);
                    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
                    if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                        return raw;
                    }
                } catch (java.net.URISyntaxException e) {
                    // answered below
                }
            }
            throw Open311Exception.badRequest("media_url must be an http or https URL (non-ASCII characters percent-encoded)");
        }
    }
}
