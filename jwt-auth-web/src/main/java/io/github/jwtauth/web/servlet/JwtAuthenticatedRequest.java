package io.github.jwtauth.web.servlet;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose bearer token was verified: the servlet API's own user methods answer
 * from the token.
 */
final class JwtAuthenticatedRequest extends HttpServletRequestWrapper {

	private final JwtPrincipal principal;

	private final String rolePrefix;

	JwtAuthenticatedRequest(HttpServletRequest request, JwtPrincipal principal, String rolePrefix) {
		super(request);
		this.principal = principal;
		this.rolePrefix = rolePrefix;
	}

	@Override
	public Principal getUserPrincipal() {
		return this.principal;
	}

	@Override
	public String getRemoteUser() {
		return this.principal.getName();
	}

	@Override
	public String getAuthType() {
		return "Bearer";
	}

	@Override
	public boolean isUserInRole(String role) {
		if (role == null) {
			return false;
		}
		// as Spring Security's SecurityContextHolderAwareRequestWrapper: the role ADMIN
		// is
		// the authority ROLE_ADMIN, never the authority ADMIN
		return this.principal.getAuthorities()
			.contains(role.startsWith(this.rolePrefix) ? role : this.rolePrefix + role);
	}

}
