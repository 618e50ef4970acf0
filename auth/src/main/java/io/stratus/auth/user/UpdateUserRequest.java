package io.stratus.auth.user;

import java.util.Set;

/** Admin changes to a user; absent fields stay as they are. */
public record UpdateUserRequest(Boolean disabled, Set<String> roles) {
}
