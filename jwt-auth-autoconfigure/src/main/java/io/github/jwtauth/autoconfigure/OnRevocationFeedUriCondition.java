package io.github.jwtauth.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when {@code jwt.auth.revocation-feed-uri} has a value: an empty value (as a
 * profile sets it to switch the feed off) counts as absent.
 */
class OnRevocationFeedUriCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String uri = context.getEnvironment().getProperty("jwt.auth.revocation-feed-uri");
		return StringUtils.hasText(uri) ? ConditionOutcome.match("jwt.auth.revocation-feed-uri is set")
				: ConditionOutcome.noMatch("jwt.auth.revocation-feed-uri is not set");
	}

}
