package io.stratus.analytics.project;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ProjectRepository implements PanacheRepositoryBase<Project, UUID> {

    List<Project> listOwnedBy(UUID ownerId) {
        return list("ownerId = ?1 order by createdAt, id", ownerId);
    }
}
