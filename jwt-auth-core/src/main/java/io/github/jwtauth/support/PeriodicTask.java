package io.github.jwtauth.support;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * A task run every {@code interval} on a daemon thread of its own, from the application
 * context's start to its stop: the lifecycle of the purgers.
 */
public abstract class PeriodicTask implements SmartLifecycle {

	private final String threadName;

	private final Duration interval;

	private volatile @Nullable ScheduledExecutorService executor;

	/**
	 * Create the task.
	 * @param threadName the name of its thread
	 * @param interval how often it runs (at least every 10 ms)
	 */
	protected PeriodicTask(String threadName, Duration interval) {
		this.threadName = threadName;
		this.interval = interval;
	}

	/**
	 * One run of the task; it must not throw.
	 */
	protected abstract void runOnce();

	@Override
	public void start() {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, this.threadName);
			thread.setDaemon(true);
			return thread;
		});
		long millis = Math.max(10, this.interval.toMillis());
		executor.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	@Override
	public void stop() {
		ScheduledExecutorService current = this.executor;
		if (current != null) {
			current.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

}
