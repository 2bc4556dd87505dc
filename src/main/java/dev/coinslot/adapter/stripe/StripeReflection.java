package dev.coinslot.adapter.stripe;

import com.stripe.model.Customer;
import com.stripe.model.ExpandableFieldDeserializer;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentIntentCollection;
import com.stripe.model.StringInt64TypeAdapter;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeError;
import com.stripe.model.StripeObject;
import com.stripe.model.StripeRawJsonObjectDeserializer;
import com.stripe.net.UntypedMapDeserializer;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Native-image reflection registration for every stripe-java class this application serialises (request params) or
 * deserialises with Gson (responses and errors), with their nested classes, superclasses and Gson adapters. A test
 * reads the generated reflection configuration and fails if one is missing.
 */
@RegisterForReflection(registerFullHierarchy = true, targets = {
        // responses and errors
        PaymentIntent.class, Customer.class, StripeError.class, StripeObject.class, StripeCollection.class,
        PaymentIntentCollection.class,
        // Gson adapters stripe-java installs on its Gson instance
        ExpandableFieldDeserializer.class, StripeRawJsonObjectDeserializer.class, StringInt64TypeAdapter.class,
        UntypedMapDeserializer.class,
        // request params (converted to form data by reflection over their fields)
        PaymentIntentCreateParams.class, PaymentIntentConfirmParams.class, CustomerCreateParams.class,
        PaymentIntentListParams.class },
        // package-private Gson adapter factories of com.stripe.net
        classNames = {"com.stripe.net.StripeResponseGetterSettingTypeAdapterFactory",
                "com.stripe.net.ApiRequestParamsConverter"})
public final class StripeReflection {
    private StripeReflection() {
    }
}
