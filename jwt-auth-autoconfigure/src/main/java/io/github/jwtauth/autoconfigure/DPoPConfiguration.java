package io.github.jwtauth.autoconfigure;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import io.github.jwtauth.dpop.DPoPNonces;
import io.github.jwtauth.dpop.DPoPProofReplayStore;
import io.github.jwtauth.dpop.DPoPProofVerifier;
import io.github.jwtauth.keys.KeyAlgorithms;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * DPoP (RFC 9449, {@code jwt.auth.dpop.*}): the proof verifier, on the replay store of
 * the configured store type, with server nonces when they are enabled.
 */
@Configuration(proxyBeanMethods = false)
class DPoPConfiguration {

	private static final Log logger = LogFactory.getLog(DPoPConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	DPoPProofVerifier jwtAuthDPoPProofVerifier(JwtAuthSettings settings, DPoPProofReplayStore replayStore,
			ObjectProvider<StoreInstrumentation> instrumentation) {
		JwtAuthProperties.Dpop dpop = settings.properties().getDpop();
		Duration maxAge = dpop.getProofMaxAge();
		if (maxAge == null || maxAge.toSeconds() < 1 || maxAge.compareTo(Duration.ofMinutes(10)) > 0) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.dpop.proof-max-age",
					"the proof age limit is " + maxAge + ", outside 1 second to 10 minutes",
					"use a short limit such as 60s: a longer one lets a captured proof be used longer");
		}
		Duration skew = dpop.getClockSkew();
		if (skew == null || skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.dpop.clock-skew",
					"the clock skew is " + skew + ", outside 0 to 5 minutes",
					"use a few seconds; clients with wrong clocks are what nonces are for");
		}
		long maxLength = (dpop.getProofMaxLength() != null) ? dpop.getProofMaxLength().toBytes() : -1;
		if (maxLength < 512 || maxLength > 16_384) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.dpop.proof-max-length",
					"the proof length limit is outside 512B to 16KB", "use the default, 4KB");
		}
		return DPoPProofVerifier
			.withReplayStore(StoreInstrumentation.instrument(instrumentation, replayStore, DPoPProofReplayStore.class))
			.algorithms(algorithms(dpop.getAlgorithms()))
			.maxAge(maxAge)
			.clockSkew(skew)
			.maxLength((int) maxLength)
			.nonces(nonces(dpop.getNonce(), settings))
			.clock(settings.clock())
			.build();
	}

	private static List<JWSAlgorithm> algorithms(@Nullable List<String> names) {
		if (names == null || names.isEmpty()) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.dpop.algorithms", "no proof algorithm is accepted",
					"list at least one, for example ES256");
		}
		List<JWSAlgorithm> algorithms = new ArrayList<>();
		for (String name : names) {
			JWSAlgorithm algorithm = (name != null) ? KeyAlgorithms.parse(name.trim()) : null;
			if (algorithm == null || !KeyAlgorithms.isAsymmetric(algorithm)) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.dpop.algorithms",
						"'" + name + "' is not an asymmetric JWS algorithm",
						"use ES256, ES384, ES512, EdDSA, RS256, RS384, RS512, PS256, PS384 or PS512");
			}
			algorithms.add(algorithm);
		}
		return algorithms;
	}

	private static @Nullable DPoPNonces nonces(JwtAuthProperties.Nonce nonce, JwtAuthSettings settings) {
		if (!nonce.isEnabled()) {
			return null;
		}
		Duration lifetime = nonce.getLifetime();
		if (lifetime == null || lifetime.toSeconds() < 2 || lifetime.compareTo(Duration.ofHours(1)) > 0) {
			throw new InvalidJwtAuthPropertyException("jwt.auth.dpop.nonce.lifetime",
					"the nonce lifetime is " + lifetime + ", outside 2 seconds to 1 hour",
					"use a few minutes, for example 5m");
		}
		byte[] secret;
		if (StringUtils.hasText(nonce.getSecret())) {
			try {
				secret = Base64.getDecoder().decode(nonce.getSecret().trim());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.dpop.nonce.secret", "the secret is not base64",
						"use at least 32 random bytes in base64, for example from 'openssl rand -base64 32'");
			}
			if (secret.length < 32) {
				throw new InvalidJwtAuthPropertyException("jwt.auth.dpop.nonce.secret",
						"the secret has " + secret.length + " bytes, at least 32 are required",
						"use at least 32 random bytes in base64, for example from 'openssl rand -base64 32'");
			}
		}
		else {
			secret = new byte[32];
			new SecureRandom().nextBytes(secret);
			logger.warn("jwt.auth.dpop.nonce.secret is not set: this instance makes its own DPoP nonces, which "
					+ "other instances refuse. Set the same secret on every instance");
		}
		return new DPoPNonces(secret, lifetime, settings.clock());
	}

}
