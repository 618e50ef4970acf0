package io.stratus.analytics.project;

import io.stratus.common.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ProjectService {
    private final ProjectRepository projects;
    private final ProjectTokens tokens;

    ProjectService(ProjectRepository projects, ProjectTokens tokens) {
        this.projects = projects;
        this.tokens = tokens;
    }

    @Transactional
    public ProjectResponse create(UUID ownerId, String name) {
        Project project = new Project();
        project.id = UUID.randomUUID();
        project.ownerId = ownerId;
        project.name = name.strip();
        project.token = Secrets.randomHex32();
        String secret = Secrets.randomHex32();
        project.secretHash = Secrets.hash(secret);
        project.createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        projects.persistAndFlush(project);
        tokens.remember(project.id, project.token, project.secretHash);
        return ProjectResponse.of(project, secret);
    }

    @Transactional
    public List<ProjectResponse> listVisible(Caller caller) {
        List<Project> found = caller.isAdmin() ? projects.listAll() : projects.listOwnedBy(caller.accountId());
        return found.stream().map(p -> ProjectResponse.of(p, null)).toList();
    }

    @Transactional
    public ProjectResponse get(Caller caller, UUID id) {
        return ProjectResponse.of(visible(caller, id, false), null);
    }

    @Transactional
    public ProjectResponse rotateSecret(Caller caller, UUID id) {
        Project project = visible(caller, id, false);
        String secret = Secrets.randomHex32();
        project.secretHash = Secrets.hash(secret);
        tokens.remember(project.id, project.token, project.secretHash);
        return ProjectResponse.of(project, secret);
    }

    /**
     * The project if the caller may see it: its owner, an admin, or (for reads) a service with
     * {@code analytics:read}; anyone else gets the same 404 as for a missing project.
     */
    @Transactional
    public Project visible(Caller caller, UUID id, boolean serviceMayRead) {
        Project project = projects.findById(id);
        if (project == null) {
            throw new ProjectNotFoundException();
        }
        if (caller.isService()) {
            if (serviceMayRead && caller.hasScope("analytics:read")) {
                return project;
            }
            throw new ProjectNotFoundException();
        }
        if (!caller.isAdmin() && !project.ownerId.equals(caller.accountId())) {
            throw new ProjectNotFoundException();
        }
        return project;
    }
}
