package io.github.jwtauth.support;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Collects an HTTP answer's body up to a size and refuses a larger one as it streams,
 * cancelling the exchange: for bodies fetched from another service (a JWK Set, a
 * revocation feed) whose size this application does not control.
 */
public final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

	private final CompletableFuture<byte[]> body = new CompletableFuture<>();

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	private final int limit;

	private final Supplier<? extends RuntimeException> tooLarge;

	private volatile Flow.@Nullable Subscription subscription;

	/**
	 * Create a subscriber.
	 * @param limit the most bytes accepted
	 * @param tooLarge the failure of a larger body
	 */
	public LimitedBodySubscriber(int limit, Supplier<? extends RuntimeException> tooLarge) {
		this.limit = limit;
		this.tooLarge = tooLarge;
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(List<ByteBuffer> items) {
		if (this.body.isDone()) {
			return;
		}
		for (ByteBuffer item : items) {
			if (this.bytes.size() + item.remaining() > this.limit) {
				Flow.Subscription current = this.subscription;
				if (current != null) {
					current.cancel();
				}
				this.body.completeExceptionally(this.tooLarge.get());
				return;
			}
			byte[] chunk = new byte[item.remaining()];
			item.get(chunk);
			this.bytes.write(chunk, 0, chunk.length);
		}
	}

	@Override
	public void onError(Throwable throwable) {
		this.body.completeExceptionally(throwable);
	}

	@Override
	public void onComplete() {
		this.body.complete(this.bytes.toByteArray());
	}

	@Override
	public CompletableFuture<byte[]> getBody() {
		return this.body;
	}

}
