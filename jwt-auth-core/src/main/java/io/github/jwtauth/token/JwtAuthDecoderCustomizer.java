package io.github.jwtauth.token;

/**
 * Callback that tunes the auto-configured {@link JwtAuthDecoder} without replacing it:
 * add validators, size the cache, change the accepted token length. Declare beans of this
 * type; they run in {@link org.springframework.core.annotation.Order order}. The
 * revocation check and the header policy are fixed before customizers run and cannot be
 * removed; the issuer, audiences, clock skew, clock and token type follow the
 * {@code jwt.auth.*} properties and the {@code Clock} bean, applied after the
 * customizers.
 */
@FunctionalInterface
public interface JwtAuthDecoderCustomizer {

	/**
	 * Customize the decoder about to be built.
	 * @param builder the builder
	 */
	void customize(JwtAuthDecoder.Builder builder);

}
