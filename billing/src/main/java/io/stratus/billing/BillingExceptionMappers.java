package io.stratus.billing;

import io.stratus.billing.calculator.PriceList.UnknownPriceException;
import io.stratus.common.error.CommonExceptionMappers;
import io.stratus.common.error.ErrorBody;
import io.stratus.common.error.ErrorIds;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps billing's own failures to the standard error body. */
public class BillingExceptionMappers {
    @ServerExceptionMapper
    public RestResponse<ErrorBody> unknownPrice(UnknownPriceException e) {
        return CommonExceptionMappers.error(422, ErrorIds.INVALID_PARAMS, e.getMessage());
    }
}
