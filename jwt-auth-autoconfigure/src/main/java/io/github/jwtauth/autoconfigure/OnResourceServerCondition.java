package io.github.jwtauth.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when this application verifies other issuers' tokens and issues none:
 * {@code jwt.auth.jwk-set-uri}, {@code jwt.auth.issuer-uri} or {@code jwt.auth.issuers}
 * set
 * ({@link ResourceServerMode#isResourceServer(org.springframework.core.env.Environment)}).
 */
class OnResourceServerCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return ResourceServerMode.isResourceServer(context.getEnvironment())
				? ConditionOutcome.match("jwt.auth.jwk-set-uri, jwt.auth.issuer-uri or jwt.auth.issuers is set")
				: ConditionOutcome
					.noMatch("none of jwt.auth.jwk-set-uri, jwt.auth.issuer-uri, jwt.auth.issuers is set");
	}

}
