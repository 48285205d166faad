package io.github.jwtauth.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when {@code jwt.auth.issuer-uri} has a value: this application verifies another
 * issuer's tokens.
 */
class OnIssuerUriCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String uri = context.getEnvironment().getProperty(ResourceServerMode.ISSUER_URI);
		return StringUtils.hasText(uri) ? ConditionOutcome.match("jwt.auth.issuer-uri is set")
				: ConditionOutcome.noMatch("jwt.auth.issuer-uri is not set");
	}

}
