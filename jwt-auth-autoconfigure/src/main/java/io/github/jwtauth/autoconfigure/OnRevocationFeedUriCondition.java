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
 * counts as none, discovery or not. With a shared store ({@code jwt.auth.store.type}
 * other than {@code memory}) a discovered issuer's revocations are read from that store,
 * never from a feed its metadata names.
 */
class OnRevocationFeedUriCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		String uri = environment.getProperty("jwt.auth.revocation-feed-uri");
		if (StringUtils.hasText(uri)) {
			return ConditionOutcome.match("jwt.auth.revocation-feed-uri is set");
		}
		if (uri == null && ResourceServerMode.discovers(environment)) {
			String storeType = environment.getProperty("jwt.auth.store.type");
			if (StringUtils.hasText(storeType) && !"memory".equalsIgnoreCase(storeType.trim())) {
				// the issuer's shared store holds its revocations: the metadata's feed
				// must
				// not take its place (a feed-less issuer would leave nothing enforced)
				return ConditionOutcome.noMatch("jwt.auth.store.type=" + storeType.trim()
						+ ": the revocations are read from the shared store, not from a discovered feed");
			}
			return ConditionOutcome.match("jwt.auth.issuer-uri is set: the feed its metadata names, if any");
		}
		return ConditionOutcome.noMatch("jwt.auth.revocation-feed-uri is not set");
	}

}
