package io.github.jwtauth.test.junit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The condition of {@link RequiresServer}.
 */
class RequiresServerCondition implements ExecutionCondition {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		List<RequiresServer> servers = context.getElement()
			.map((element) -> AnnotationSupport.findRepeatableAnnotations(element, RequiresServer.class))
			.orElse(List.of());
		for (RequiresServer server : servers) {
			if (!reachable(server.host(), server.port())) {
				String message = server.name() + " is not reachable on " + server.host() + ":" + server.port();
				if ("true".equals(System.getenv("CI"))) {
					throw new IllegalStateException(message + " (CI=true: store tests must not be skipped)");
				}
				return ConditionEvaluationResult.disabled(message);
			}
		}
		return ConditionEvaluationResult.enabled("servers reachable");
	}

	private static boolean reachable(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
