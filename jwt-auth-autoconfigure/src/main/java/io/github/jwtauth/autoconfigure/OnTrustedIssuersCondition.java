package io.github.jwtauth.autoconfigure;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code jwt.auth.issuers} lists at least one issuer: this application then
 * verifies the tokens of those issuers only.
 */
class OnTrustedIssuersCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		List<JwtAuthProperties.Issuer> issuers = ResourceServerMode.issuers(context.getEnvironment());
		return issuers.isEmpty() ? ConditionOutcome.noMatch(TrustedIssuersFactory.PROPERTY + " is empty")
				: ConditionOutcome.match(TrustedIssuersFactory.PROPERTY + " lists " + issuers.size() + " issuer(s)");
	}

}
