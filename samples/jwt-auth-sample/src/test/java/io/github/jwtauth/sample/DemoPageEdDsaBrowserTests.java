package io.github.jwtauth.sample;

import org.springframework.test.context.ActiveProfiles;

/**
 * The demo page's walk-through with the {@code eddsa} profile: an Ed25519 key, whose
 * {@code OKP} JWK the page finds in the JWK Set.
 */
@ActiveProfiles("eddsa")
class DemoPageEdDsaBrowserTests extends DemoPageBrowserTests {

	@Override
	protected String expectedAlgorithm() {
		return "EdDSA";
	}

	@Override
	protected String screenshotPrefix() {
		return "demo-page-eddsa";
	}

}
