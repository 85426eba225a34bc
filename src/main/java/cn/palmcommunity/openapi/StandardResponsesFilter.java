package cn.palmcommunity.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Adds the error responses that follow from an operation's shape, so no endpoint can forget them:
 * 401 where a token is needed; 400, 413 and 415 where a JSON body is read; 500 everywhere.
 */
public class StandardResponsesFilter implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        boolean secured = operation.getSecurity() != null && !operation.getSecurity().isEmpty();
        if (secured) {
            add(responses, "401", ProblemResponses.UNAUTHORIZED);
        }
        if (operation.getRequestBody() != null) {
            add(responses, "400", ProblemResponses.MALFORMED);
            add(responses, "413", ProblemResponses.TOO_LARGE);
            add(responses, "415", ProblemResponses.UNSUPPORTED_MEDIA);
        }
        add(responses, "500", ProblemResponses.INTERNAL);
        return operation;
    }

    private static void add(APIResponses responses, String code, String ref) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().ref(ref));
        }
    }
}
