package io.github.jwtauth.test.pkcs11;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The condition of {@link RequiresSoftHsm}.
 */
class RequiresSoftHsmCondition implements ExecutionCondition {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		String missing = SoftHsm.missing();
		if (missing == null) {
			return ConditionEvaluationResult.enabled("SoftHSM2 is installed and SOFTHSM2_CONF is set");
		}
		if ("true".equals(System.getenv("CI"))) {
			throw new IllegalStateException(missing + " (CI=true: PKCS#11 tests must not be skipped)");
		}
		return ConditionEvaluationResult.disabled(missing);
	}

}
