package io.stratus.auth.user;

import io.quarkus.panache.common.Sort;
import io.stratus.common.error.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class UserService {
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final Event<UserDisabled> disabledEvent;

    UserService(UserRepository users, PasswordHasher hasher, Event<UserDisabled> disabledEvent) {
        this.users = users;
        this.hasher = hasher;
        this.disabledEvent = disabledEvent;
    }

    @Transactional
    public UserResponse signUp(CreateUserRequest request) {
        return UserResponse.of(create(request.email().trim(), request.password(), request.name(),
                Set.of(User.ROLE_USER)));
    }

    /** Creates a user unless the email is taken; used by sign-up and the bootstrap. */
    @Transactional
    public User create(String email, String password, String name, Set<String> roles) {
        PasswordPolicy.check(password, email);
        if (users.findByEmail(email).isPresent()) {
            // Heroku answers 422 for taken names; a distinct conflict says what to fix.
            throw ApiException.conflict("A user with that email already exists.");
        }
        User user = new User();
        user.id = UUID.randomUUID();
        user.email = email;
        user.name = name;
        user.passwordHash = hasher.hash(password);
        user.roles = String.join(" ", ordered(roles));
        user.createdAt = Instant.now();
        user.updatedAt = user.createdAt;
        users.persist(user);
        users.flush();
        return user;
    }

    @Transactional
    public boolean exists(String email) {
        return users.findByEmail(email).isPresent();
    }

    /**
     * Checks an email and password. An unknown email pays one bcrypt verification too, so both failures take the
     * same time; a disabled user fails like a wrong password.
     */
    @Transactional
    public Optional<User> authenticate(String email, String password) {
        Optional<User> user = users.findByEmail(email);
        if (user.isEmpty()) {
            hasher.matchesNothing(password);
            return Optional.empty();
        }
        boolean ok = hasher.matches(password, user.get().passwordHash);
        return ok && !user.get().disabled ? user : Optional.empty();
    }

    @Transactional
    public Optional<User> findActive(UUID id) {
        return users.findByIdOptional(id).filter(u -> !u.disabled);
    }

    @Transactional
    public UserResponse get(UUID id) {
        return users.findByIdOptional(id).map(UserResponse::of)
                .orElseThrow(() -> ApiException.notFound("Couldn't find that user."));
    }

    @Transactional
    public List<UserResponse> list() {
        return users.listAll(Sort.by("createdAt")).stream().map(UserResponse::of).toList();
    }

    @Transactional
    public UserResponse update(UUID id, UpdateUserRequest request) {
        User user = users.findByIdOptional(id).orElseThrow(() -> ApiException.notFound("Couldn't find that user."));
        if (request.roles() != null) {
            if (request.roles().isEmpty() || !User.ROLES.containsAll(request.roles())) {
                throw ApiException.invalid("roles must be a non-empty subset of " + User.ROLES + ".");
            }
            user.roles = String.join(" ", ordered(request.roles()));
        }
        if (request.disabled() != null && request.disabled() != user.disabled) {
            user.disabled = request.disabled();
            if (user.disabled) {
                disabledEvent.fire(new UserDisabled(user.id));
            }
        }
        user.updatedAt = Instant.now();
        return UserResponse.of(user);
    }

    private static Set<String> ordered(Set<String> roles) {
        Set<String> result = new LinkedHashSet<>();
        if (roles.contains(User.ROLE_USER) || !roles.contains(User.ROLE_ADMIN)) {
            result.add(User.ROLE_USER);
        }
        if (roles.contains(User.ROLE_ADMIN)) {
            result.add(User.ROLE_ADMIN);
        }
        return result;
    }
}
