package io.github.jwtauth.sample;

import org.springframework.test.context.TestPropertySource;

/**
 * The demo page's DPoP walk-through with server nonces required
 * ({@code jwt.auth.dpop.nonce.enabled=true}): the page's first proof is answered with
 * {@code use_dpop_nonce} and a {@code DPoP-Nonce} header, and the page retries once with
 * the nonce, as RFC 9449 §8 asks.
 */
@TestPropertySource(properties = "jwt.auth.dpop.nonce.enabled=true")
class DemoPageDPoPNonceBrowserTests extends DemoPageDPoPBrowserTests {

	@Override
	protected boolean noncesEnabled() {
		return true;
	}

	@Override
	protected String screenshotPrefix() {
		return "demo-page-dpop-nonce";
	}

}
