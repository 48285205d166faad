package io.github.jwtauth.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when this resource server follows a revocation feed: when
 * {@code jwt.auth.revocation-feed-uri} has a value, or when it is absent and the issuer
 * is discovered ({@code jwt.auth.issuer-uri} without {@code jwt.auth.jwk-set-uri}), whose
 * metadata may name one. An empty value (as a profile sets it to switch the feed off)
 * counts as none, discovery or not.
 */
class OnRevocationFeedUriCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		String uri = environment.getProperty("jwt.auth.revocation-feed-uri");
		if (StringUtils.hasText(uri)) {
			return ConditionOutcome.match("jwt.auth.revocation-feed-uri is set");
		}
		if (uri == null && StringUtils.hasText(environment.getProperty(ResourceServerMode.ISSUER_URI))
				&& !StringUtils.hasText(environment.getProperty("jwt.auth.jwk-set-uri"))) {
			return ConditionOutcome.match("jwt.auth.issuer-uri is set: the feed its metadata names, if any");
		}
		return ConditionOutcome.noMatch("jwt.auth.revocation-feed-uri is not set");
	}

}
