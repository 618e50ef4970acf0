package io.stratus.analytics.project;

import io.stratus.common.error.ApiException;
import io.stratus.common.error.ErrorIds;

public class ProjectNotFoundException extends ApiException {
    public ProjectNotFoundException() {
        super(404, ErrorIds.NOT_FOUND, "Couldn't find that project.");
    }
}
