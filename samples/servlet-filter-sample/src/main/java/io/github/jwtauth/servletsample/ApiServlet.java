package io.github.jwtauth.servletsample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

import io.github.jwtauth.revocation.TokenRevocationService;
import io.github.jwtauth.web.servlet.JwtAuthFilter;
import io.github.jwtauth.web.servlet.JwtPrincipal;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The sample's API, written against the plain Servlet API: the filter has already
 * authenticated every request that reaches it.
 * <ul>
 * <li>{@code GET /api/me}: who the token belongs to
 * ({@code request.getUserPrincipal()}).</li>
 * <li>{@code GET /api/admin}: 403 unless {@code request.isUserInRole("ADMIN")}.</li>
 * <li>{@code POST /api/logout}: revokes the presented token's session (or the token),
 * 204.</li>
 * </ul>
 */
final class ApiServlet extends HttpServlet {

	private final transient TokenRevocationService revocation;

	ApiServlet(TokenRevocationService revocation) {
		this.revocation = revocation;
	}

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String path = request.getPathInfo();
		if ("/me".equals(path)) {
			JwtPrincipal principal = (JwtPrincipal) request.getUserPrincipal();
			String authorities = principal.getAuthorities()
				.stream()
				.sorted()
				.map((authority) -> "\"" + authority + "\"")
				.collect(Collectors.joining(","));
			json(response, 200, "{\"service\":\"servlet-filter-sample\",\"subject\":\"" + request.getRemoteUser()
					+ "\",\"authorities\":[" + authorities + "]}");
		}
		else if ("/admin".equals(path)) {
			if (request.isUserInRole("ADMIN")) {
				json(response, 200, "{\"message\":\"admin\"}");
			}
			else {
				json(response, 403, "{\"error\":\"insufficient_scope\"}");
			}
		}
		else {
			json(response, 404, "{\"error\":\"not_found\"}");
		}
	}

	@Override
	protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
		if (!"/logout".equals(request.getPathInfo())) {
			json(response, 404, "{\"error\":\"not_found\"}");
			return;
		}
		Jwt token = (Jwt) request.getAttribute(JwtAuthFilter.TOKEN_ATTRIBUTE);
		this.revocation.revokeSessionOf(token, "logout");
		response.setStatus(204);
	}

	private static void json(HttpServletResponse response, int status, String body) throws IOException {
		response.setStatus(status);
		response.setContentType("application/json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.getWriter().write(body);
	}

}
