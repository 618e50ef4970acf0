/** An API failure carrying the platform's JSON error (`{id, message}`) or a synthesized one. */
export class ApiError extends Error {
    constructor(status, id, message) {
        super(message);
        this.name = 'ApiError';
        this.status = status;
        this.id = id;
    }
}

const FALLBACK_MESSAGES = {
    400: 'The request was not understood.',
    401: 'Your session has expired. Please sign in again.',
    403: 'You are not allowed to do that.',
    404: 'Not found.',
    409: 'That conflicts with a change made meanwhile. Reload and try again.',
    413: 'That is too large.',
    422: 'Some fields are invalid.',
    429: 'Too many requests. Wait a moment and try again.',
    503: 'The service is busy. Try again shortly.',
};

/** Turns a non-2xx answer into an ApiError, using the body's message when it is the platform's error JSON. */
export function errorFromBody(status, body) {
    if (body && typeof body === 'object') {
        // auth's token endpoint answers RFC 6749 errors: {error, error_description}.
        const message = body.message || body.error_description;
        const id = body.id || body.error;
        if (message) {
            return new ApiError(status, id || 'error', String(message));
        }
        if (id === 'invalid_grant') {
            return new ApiError(status, id, 'Wrong email or password.');
        }
    }
    return new ApiError(status, 'http_' + status, FALLBACK_MESSAGES[status] || `Request failed (HTTP ${status}).`);
}

export function networkError() {
    return new ApiError(0, 'network', 'Cannot reach the server. Check your connection and try again.');
}

/**
 * A 404 or 405 from an endpoint the platform does not serve (yet) becomes a message that says so, instead of a
 * bare "Not found." (e.g. analytics' funnel while it is being built, billing's invoice payment).
 */
export function notOffered(error, what) {
    if (error && (error.status === 404 || error.status === 405)) {
        return new ApiError(error.status, 'not_offered', `${what} is not available on this server yet.`);
    }
    return error;
}
