/**
 * The small shared kernel of Stratus: the wire conventions every HTTP API follows (error body, request id,
 * media types, body limits), Range paging and the caller's identity. No business logic and no tables live here.
 */
package io.stratus.common;
