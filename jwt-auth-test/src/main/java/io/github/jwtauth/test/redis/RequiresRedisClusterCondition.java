package io.github.jwtauth.test.redis;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The condition of {@link RequiresRedisCluster}.
 */
class RequiresRedisClusterCondition implements ExecutionCondition {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		if (RedisCluster.isInstalled()) {
			return ConditionEvaluationResult.enabled("redis-server and redis-cli are installed");
		}
		String message = "redis-server and redis-cli are not on the PATH: no Redis Cluster can be started";
		if ("true".equals(System.getenv("CI"))) {
			throw new IllegalStateException(message + " (CI=true: cluster tests must not be skipped)");
		}
		return ConditionEvaluationResult.disabled(message);
	}

}
