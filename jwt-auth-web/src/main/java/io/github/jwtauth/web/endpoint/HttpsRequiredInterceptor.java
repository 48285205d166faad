package io.github.jwtauth.web.endpoint;

import io.github.jwtauth.web.SecureTransport;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses requests to the token endpoints ({@link LoginEndpoint},
 * {@link RefreshEndpoint}, {@link LogoutEndpoint}, {@link IntrospectionEndpoint}) that
 * came over plain HTTP from anywhere but loopback, before their body (a password or a
 * refresh token) is read: 400 {@code invalid_request} "HTTPS is required" (see
 * {@link SecureTransport}). It guards the endpoints whatever security filter chain the
 * application runs; the auto-configured chain refuses such requests even earlier.
 */
public class HttpsRequiredInterceptor implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
			throws Exception {
		if (request.isSecure() || !(handler instanceof HandlerMethod method) || !isTokenEndpoint(method.getBeanType())
				|| SecureTransport.isLocal(request)) {
			return true;
		}
		SecureTransport.refuse(request, response, null);
		return false;
	}

	private static boolean isTokenEndpoint(Class<?> type) {
		return LoginEndpoint.class.isAssignableFrom(type) || RefreshEndpoint.class.isAssignableFrom(type)
				|| LogoutEndpoint.class.isAssignableFrom(type) || IntrospectionEndpoint.class.isAssignableFrom(type);
	}

}
