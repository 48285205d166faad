package io.github.jwtauth.web.endpoint;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.keys.SigningKey;
import io.github.jwtauth.throttle.AttemptThrottle;
import io.github.jwtauth.throttle.InMemoryAttemptStore;
import io.github.jwtauth.token.JwtTokenService;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every login is an observation {@code jwt.auth.login} with its outcome and whether it
 * came with a DPoP proof; never the user name, the password, the tokens or the client's
 * address among the key values.
 */
class LoginObservationTests {

	private static final String ADDRESS = "203.0.113.77";

	private final String user = "alice-" + UUID.randomUUID();

	private final String password = "pw-" + UUID.randomUUID();

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	private final JwtTokenService tokens = JwtTokenService
		.withSigningKey(SigningKey.hmac("hs", JWSAlgorithm.HS256,
				"q8Vx2LmN4pR7tW1yZ3bC6eF9hJ0kA5sD".getBytes(StandardCharsets.UTF_8)))
		.issuer("jwt-auth")
		.audiences(List.of("jwt-auth"))
		.build();

	private final AuthenticationManager users = new ProviderManager(new DaoAuthenticationProvider(
			new InMemoryUserDetailsManager(User.withUsername(this.user).password("{noop}" + this.password).build())));

	private final LoginEndpoint endpoint = LoginEndpoint.builder(() -> this.users, this.tokens)
		.throttle(AttemptThrottle.builder(new InMemoryAttemptStore()).maxFailures(2).build())
		.observationRegistry(this.observations)
		.build();

	private final List<String> identifying = new ArrayList<>(List.of(this.user, this.password, ADDRESS));

	private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/auth/login");

	@BeforeEach
	void bindRequest() {
		this.request.setRemoteAddr(ADDRESS);
		RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(this.request));
	}

	@AfterEach
	void unbindRequest() {
		RequestContextHolder.resetRequestAttributes();
	}

	@Test
	void aLoginIsObservedAsASuccess() {
		ResponseEntity<Map<String, Object>> response = this.endpoint.loginForm(form(this.password), this.request);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		this.identifying.add((String) response.getBody().get("access_token"));
		assertThat(this.observations).hasSingleObservationThat()
			.hasNameEqualTo("jwt.auth.login")
			.hasContextualNameEqualTo("jwt-auth login")
			.hasLowCardinalityKeyValue("outcome", "success")
			.hasLowCardinalityKeyValue("dpop", "false")
			.doesNotHaveError()
			.hasBeenStopped();
		assertNothingIdentifying();
	}

	@Test
	void aBadPasswordIsObservedAsAFailure() {
		assertThat(this.endpoint.loginForm(form("wrong"), this.request).getStatusCode())
			.isEqualTo(HttpStatus.UNAUTHORIZED);
		assertThat(this.observations).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "failure")
			.hasError();
		assertNothingIdentifying();
	}

	@Test
	void aThrottledLoginIsObservedAsThrottled() {
		this.endpoint.loginForm(form("wrong"), this.request);
		this.endpoint.loginForm(form("wrong"), this.request);
		this.observations.clear();
		assertThatExceptionOfType(TooManyAttemptsException.class)
			.isThrownBy(() -> this.endpoint.loginForm(form(this.password), this.request));
		assertThat(this.observations).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "throttled")
			.assertThatError()
			.isInstanceOf(TooManyAttemptsException.class);
		assertNothingIdentifying();
	}

	@Test
	void anOutageOfTheUserStoreIsObservedAsUnavailable() {
		LoginEndpoint endpoint = LoginEndpoint.builder(() -> (authentication) -> {
			throw new AuthenticationServiceException("user store down");
		}, this.tokens).observationRegistry(this.observations).build();
		assertThat(endpoint.loginForm(form(this.password), this.request).getStatusCode())
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		assertThat(this.observations).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "unavailable")
			.hasError();
	}

	@Test
	void aRequestWithoutPasswordIsObservedAsInvalidRequest() {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("username", this.user);
		assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> this.endpoint.loginForm(form, this.request));
		assertThat(this.observations).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "invalid_request")
			.hasLowCardinalityKeyValue("dpop", "false");
		assertNothingIdentifying();
	}

	@Test
	void aLoginWithAProofIsObservedAsDPoPEvenWhenRefused() {
		// DPoP is off for this endpoint: the proof is ignored, but the request carried
		// one
		this.request.addHeader("DPoP", "not-a-proof");
		this.endpoint.loginForm(form("wrong"), this.request);
		assertThat(this.observations).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "failure")
			.hasLowCardinalityKeyValue("dpop", "true");
	}

	@Test
	void withoutARegistryNothingIsObservedAndLoginWorks() {
		LoginEndpoint unobserved = LoginEndpoint.builder(() -> this.users, this.tokens).build();
		assertThat(unobserved.loginForm(form(this.password), this.request).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.observations).doesNotHaveAnyObservation();
	}

	private MultiValueMap<String, String> form(String password) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("username", this.user);
		form.add("password", password);
		return form;
	}

	private void assertNothingIdentifying() {
		assertThat(this.observations).hasHandledContextsThatSatisfy((contexts) -> {
			assertThat(contexts).isNotEmpty();
			for (Observation.Context context : contexts) {
				assertThat(context.getHighCardinalityKeyValues()).isEmpty();
				for (KeyValue keyValue : context.getLowCardinalityKeyValues()) {
					for (String value : this.identifying) {
						assertThat(keyValue.getValue()).doesNotContain(value);
					}
				}
			}
		});
	}

}
