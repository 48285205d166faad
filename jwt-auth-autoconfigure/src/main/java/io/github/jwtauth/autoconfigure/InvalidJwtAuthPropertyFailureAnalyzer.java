package io.github.jwtauth.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidJwtAuthPropertyException} at start-up.
 */
class InvalidJwtAuthPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidJwtAuthPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidJwtAuthPropertyException cause) {
		return new FailureAnalysis("JWT authentication is misconfigured. " + cause.getMessage() + ".",
				"Update '" + cause.getProperty() + "': " + cause.getAction(), cause);
	}

}
