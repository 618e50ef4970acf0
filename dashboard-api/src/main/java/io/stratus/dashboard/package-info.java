/** Stratus Dashboard API (Heroku Platform API v3 subset, live events). Only the {@code api} package is visible to other modules. */
package io.stratus.dashboard;
