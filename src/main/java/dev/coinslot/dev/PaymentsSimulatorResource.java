package dev.coinslot.dev;

import dev.coinslot.api.problem.Problem;
import dev.coinslot.api.problem.ProblemException;
import dev.coinslot.api.problem.ProblemType;
import dev.coinslot.api.problem.Problems;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.YearMonth;

/**
 * Dev mode only: the browser side of the payments simulator, standing in for what Stripe.js does with a
 * PaymentIntent's client secret. {@code POST /dev/payments/confirm} pays with a test card;
 * {@code POST /dev/payments/authenticate} completes or fails the authentication step some cards ask for. Card numbers
 * are neither stored nor logged. Absent from prod builds.
 */
@IfBuildProfile("dev")
@Path("/dev/payments")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Consumes(MediaType.APPLICATION_JSON)
public class PaymentsSimulatorResource {

    public record ConfirmRequest(@NotBlank @Size(max = 200) String clientSecret,
            @NotBlank @Pattern(regexp = "[0-9 ]{12,23}") String cardNumber,
            @NotBlank @Pattern(regexp = "(0[1-9]|1[0-2]) ?/ ?[0-9]{2}") String expiry,
            @NotBlank @Pattern(regexp = "[0-9]{3,4}") String cvc) {
        @Override
        public String toString() {
            return "ConfirmRequest[card=…]";
        }
    }

    public record AuthenticateRequest(@NotBlank @Size(max = 200) String clientSecret, @NotNull Boolean approve) {
    }

    private final PaymentsSimulator simulator;

    public PaymentsSimulatorResource(PaymentsSimulator simulator) {
        this.simulator = simulator;
    }

    @POST
    @Path("/confirm")
    public PaymentsSimulator.Confirmation confirm(@NotNull @Valid ConfirmRequest request) {
        String number = request.cardNumber().replace(" ", "");
        if (!luhn(number)) {
            throw new ProblemException(ProblemType.INCORRECT_CARD_NUMBER.problem(
                    "The card number is not a valid card number."));
        }
        String[] mmYy = request.expiry().replace(" ", "").split("/");
        YearMonth expiry = YearMonth.of(2000 + Integer.parseInt(mmYy[1]), Integer.parseInt(mmYy[0]));
        if (expiry.isBefore(YearMonth.now())) {
            throw new ProblemException(ProblemType.EXPIRED_CARD.problem("The card's expiry date is in the past."));
        }
        return simulator.confirm(request.clientSecret(), number).orElseThrow(PaymentsSimulatorResource::noSuchPayment);
    }

    @POST
    @Path("/authenticate")
    public PaymentsSimulator.Confirmation authenticate(@NotNull @Valid AuthenticateRequest request) {
        return simulator.authenticate(request.clientSecret(), request.approve()).orElseThrow(PaymentsSimulatorResource::noSuchPayment);
    }

    private static ProblemException noSuchPayment() {
        return new ProblemException(Problems.notFound("No payment has this client secret."));
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
