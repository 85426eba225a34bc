package cn.palmcommunity.resident;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Find a resident by their full ID number (sent in the body, never in a URL that proxies log). */
@Schema(name = "ResidentIdLookup")
public record ResidentIdLookup(@Schema(example = "37020319460308123X") String idNumber) {
}
