package io.github.jwtauth.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.util.Assert;

/**
 * One HTTP exchange with another service (a JWK Set, a revocation feed, an issuer's
 * metadata) bounded as a whole: the request's own time-out covers the headers only, so
 * the exchange, body included, must complete within a limit, and the body is read up to a
 * size ({@link LimitedBodySubscriber}); the exchange is cancelled when the limit passes
 * or the calling thread is interrupted (whose interrupt status is then restored). Every
 * failure is the caller's exception, made by its {@link Failures} with the caller's own
 * messages; one of the caller's type raised while reading (a body too large) is thrown as
 * it is.
 */
public final class BoundedHttpGet {

	private BoundedHttpGet() {
	}

	/**
	 * A client for such exchanges: the connect time-out given, redirects never followed
	 * (a redirect could lead away from the configured host or to plain http).
	 * @param connectTimeout the connect time-out
	 * @return the client
	 */
	public static HttpClient client(Duration connectTimeout) {
		Assert.notNull(connectTimeout, "connectTimeout must not be null");
		return HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * GET a URL and wait for the whole answer, the request and the exchange bounded by
	 * the same limit.
	 * @param <E> the caller's exception type
	 * @param http the client
	 * @param uri the URL
	 * @param accept the {@code Accept} header
	 * @param limit the longest the whole exchange may take
	 * @param maxBytes the largest body read
	 * @param type the caller's exception type, thrown as it is when it is the cause of
	 * the failure
	 * @param failures makes the caller's exception for each kind of failure
	 * @return the answer, whatever its status
	 * @throws RuntimeException the exception {@code failures} made
	 */
	public static <E extends RuntimeException> HttpResponse<byte[]> get(HttpClient http, URI uri, String accept,
			Duration limit, int maxBytes, Class<E> type, Failures<E> failures) {
		HttpRequest request = HttpRequest.newBuilder(uri).GET().header("Accept", accept).timeout(limit).build();
		return send(http, request, limit, maxBytes, type, failures);
	}

	/**
	 * Send a request and wait for the whole answer.
	 * @param <E> the caller's exception type
	 * @param http the client
	 * @param request the request
	 * @param limit the longest the whole exchange may take
	 * @param maxBytes the largest body read
	 * @param type the caller's exception type, thrown as it is when it is the cause of
	 * the failure
	 * @param failures makes the caller's exception for each kind of failure
	 * @return the answer, whatever its status
	 * @throws RuntimeException the exception {@code failures} made
	 */
	public static <E extends RuntimeException> HttpResponse<byte[]> send(HttpClient http, HttpRequest request,
			Duration limit, int maxBytes, Class<E> type, Failures<E> failures) {
		Assert.notNull(http, "http must not be null");
		Assert.notNull(request, "request must not be null");
		Assert.notNull(limit, "limit must not be null");
		Assert.notNull(type, "type must not be null");
		Assert.notNull(failures, "failures must not be null");
		CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request,
				(info) -> new LimitedBodySubscriber(maxBytes, failures::tooLarge));
		try {
			return exchange.get(limit.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			exchange.cancel(true);
			throw failures.timedOut();
		}
		catch (InterruptedException ex) {
			exchange.cancel(true);
			Thread.currentThread().interrupt();
			throw failures.interrupted();
		}
		catch (ExecutionException ex) {
			for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
				if (type.isInstance(cause)) {
					throw type.cast(cause);
				}
			}
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw failures.unreachable(cause.getClass().getSimpleName());
		}
	}

	/**
	 * The caller's exceptions, with its own fixed messages.
	 *
	 * @param <E> the caller's exception type
	 */
	public interface Failures<E extends RuntimeException> {

		/**
		 * The body is larger than allowed.
		 * @return the exception
		 */
		E tooLarge();

		/**
		 * The exchange did not complete within the limit.
		 * @return the exception
		 */
		E timedOut();

		/**
		 * The calling thread was interrupted while waiting.
		 * @return the exception
		 */
		E interrupted();

		/**
		 * The exchange failed (no connection, TLS, a broken answer).
		 * @param cause the simple name of the cause's class, for the message
		 * @return the exception
		 */
		E unreachable(String cause);

	}

}
