package io.stratus.billing.price;

import io.quarkus.security.Authenticated;
import io.stratus.billing.BillingAccess;
import io.stratus.common.error.ApiException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.regex.Pattern;

/** Price list management: dyno sizes and add-on plans ({@code service:plan}), admin or billing:write. */
@Path("/internal/billing/prices")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PriceResource {
    private static final Pattern DYNO = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern ADDON = Pattern.compile("[a-z0-9][a-z0-9-]{0,59}:[a-z0-9][a-z0-9-]{0,59}");

    private final PriceService prices;
    private final BillingAccess access;

    PriceResource(PriceService prices, BillingAccess access) {
        this.prices = prices;
        this.access = access;
    }

    @GET
    public List<PriceResponse> list() {
        access.requireWriteOrAdmin();
        return prices.list();
    }

    @PUT
    @Path("/{kind}/{name}")
    public PriceResponse put(@PathParam("kind") String kind, @PathParam("name") String name,
                             @Valid @NotNull PutPriceRequest request) {
        access.requireWriteOrAdmin();
        Pattern pattern = switch (kind) {
            case "dyno" -> DYNO;
            case "addon" -> ADDON;
            default -> throw ApiException.notFound("Price kinds are dyno and addon.");
        };
        if (!pattern.matcher(name).matches()) {
            throw ApiException.invalid("name must be " + (kind.equals("dyno") ? "a dyno size like standard-1x."
                    : "an add-on plan like heroku-postgresql:mini."));
        }
        return prices.put(kind, name, request.monthlyCents());
    }
}
