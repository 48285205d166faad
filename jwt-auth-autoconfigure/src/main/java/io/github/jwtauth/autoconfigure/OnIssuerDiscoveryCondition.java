package io.github.jwtauth.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when the issuer is discovered from its metadata: {@code jwt.auth.issuer-uri}
 * has a value and {@code jwt.auth.jwk-set-uri} has none (with both, the keys come from
 * the JWK Set URL and nothing is discovered, as in Spring Boot).
 */
class OnIssuerDiscoveryCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		if (ResourceServerMode.discovers(environment)) {
			return ConditionOutcome.match("jwt.auth.issuer-uri is set without jwt.auth.jwk-set-uri");
		}
		if (!StringUtils.hasText(environment.getProperty(ResourceServerMode.ISSUER_URI))) {
			return ConditionOutcome.noMatch("jwt.auth.issuer-uri is not set");
		}
		return ConditionOutcome.noMatch("jwt.auth.jwk-set-uri is set: the keys come from there");
	}

}
