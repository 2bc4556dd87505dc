package dev.coinslot.api.lambda;

import dev.coinslot.api.checkout.CatalogResource;
import dev.coinslot.api.checkout.CheckoutResource;
import dev.coinslot.api.problem.Problem;
import dev.coinslot.api.topup.TopUpResource;
import dev.coinslot.api.wallet.GuardianInviteResource;
import dev.coinslot.api.wallet.GuardianResource;
import dev.coinslot.api.wallet.WalletResource;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native image: the records Jackson reads and writes through {@code RestResponse<Object>} answers, the direct checkout
 * path and the route guard. Quarkus registers a resource method's declared parameter and return types itself, but an
 * entity behind {@code Object} is invisible to it (the generated configuration lacked {@link Problem} and the purchase
 * views). {@code NativeReadinessTest} fails if a record of {@code dev.coinslot.api} or its rooms is missing from the generated configuration.
 */
@RegisterForReflection(targets = {
        Problem.class,
        CheckoutResource.CheckoutRequest.class,
        CheckoutResource.PurchaseView.class,
        CheckoutResource.AutoTopUpView.class,
        CatalogResource.CatalogView.class,
        CatalogResource.SkuView.class,
        CatalogResource.BundleItemView.class,
        TopUpResource.TopUpRequest.class,
        TopUpResource.PackView.class,
        TopUpResource.PacksView.class,
        TopUpResource.StartedView.class,
        TopUpResource.TopUpView.class,
        WalletResource.WalletView.class,
        WalletResource.LimitsView.class,
        WalletResource.SpentView.class,
        WalletResource.AutoTopUpSettingsView.class,
        WalletResource.LimitsRequest.class,
        WalletResource.AutoTopUpRequest.class,
        WalletResource.LedgerEntryView.class,
        WalletResource.LedgerView.class,
        GuardianResource.LinkRequest.class,
        GuardianResource.LinkView.class,
        GuardianInviteResource.InviteView.class,
        FunctionRoutes.Route.class,
})
final class JsonReflection {

    private JsonReflection() {
    }
}
