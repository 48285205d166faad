package io.github.jwtauth.autoconfigure;

import io.github.jwtauth.token.JwtAuthDecoder;
import io.github.jwtauth.token.ValidatedTokenCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The validated-token cache of the application's {@link JwtAuthDecoder}, as Micrometer
 * names a cache's meters: {@code jwt.auth.cache.gets} (tag {@code result}: {@code hit} or
 * {@code miss}), {@code jwt.auth.cache.evictions}, {@code jwt.auth.cache.size}. They read
 * the cache's own counters when a registry is scraped: a request pays one increment.
 * Nothing is registered for a decoder of the application's own, or with the cache off.
 */
class ValidatedTokenCacheMetrics implements MeterBinder {

	private final ObjectProvider<JwtDecoder> decoder;

	ValidatedTokenCacheMetrics(ObjectProvider<JwtDecoder> decoder) {
		this.decoder = decoder;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (!(this.decoder.getIfUnique() instanceof JwtAuthDecoder jwtAuthDecoder)) {
			return;
		}
		ValidatedTokenCache cache = jwtAuthDecoder.getCache();
		if (cache == null) {
			return;
		}
		FunctionCounter.builder("jwt.auth.cache.gets", cache, ValidatedTokenCache::hitCount)
			.description("Look-ups of the validated-token cache")
			.tag("result", "hit")
			.register(registry);
		FunctionCounter.builder("jwt.auth.cache.gets", cache, ValidatedTokenCache::missCount)
			.description("Look-ups of the validated-token cache")
			.tag("result", "miss")
			.register(registry);
		FunctionCounter.builder("jwt.auth.cache.evictions", cache, ValidatedTokenCache::evictionCount)
			.description("Entries removed from the validated-token cache: expired, of replaced keys, or for room")
			.register(registry);
		Gauge.builder("jwt.auth.cache.size", cache, ValidatedTokenCache::size)
			.description("Tokens in the validated-token cache")
			.register(registry);
	}

}
