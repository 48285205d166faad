package io.github.jwtauth.test.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A real Redis Cluster of six {@code redis-server} processes (three masters with one
 * replica each) on free ports of the loopback interface, each in a temporary directory of
 * its own, created with {@code redis-cli --cluster create}. Nothing is persisted
 * ({@code --save "" --appendonly no}) and the node timeout is three seconds: a killed
 * master fails over in a few seconds (the timeout plus the election), and a node stalled
 * for a moment on a loaded machine is not failed over. {@link #close()} kills the
 * processes and removes the directories; {@link #shared()} starts one cluster per JVM.
 * <p>
 * Needs {@code redis-server} and {@code redis-cli} (Debian's {@code redis-server}
 * package) on the {@code PATH}: see {@link #isInstalled()}.
 */
public final class RedisCluster implements AutoCloseable {

	private static final int NODES = 6;

	private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

	private static @Nullable RedisCluster shared;

	private static @Nullable RuntimeException sharedFailure;

	private final Path root;

	private final List<Node> nodes = new ArrayList<>();

	private RedisCluster(Path root) {
		this.root = root;
	}

	/**
	 * Whether {@code redis-server} and {@code redis-cli} are on the {@code PATH}.
	 * @return {@code true} if both are
	 */
	public static boolean isInstalled() {
		return executable("redis-server").isPresent() && executable("redis-cli").isPresent();
	}

	/**
	 * The cluster of this JVM, started on first use and stopped when the JVM exits.
	 * @return the cluster
	 * @throws IllegalStateException if it could not be started (again on every call)
	 */
	public static synchronized RedisCluster shared() {
		if (sharedFailure != null) {
			throw sharedFailure;
		}
		if (shared == null) {
			try {
				RedisCluster cluster = start();
				Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "redis-cluster-stop"));
				shared = cluster;
			}
			catch (RuntimeException ex) {
				sharedFailure = ex;
				throw ex;
			}
		}
		return shared;
	}

	/**
	 * Start a new cluster; the caller closes it.
	 * @return the running cluster, every slot served and every master replicated
	 */
	public static RedisCluster start() {
		if (!isInstalled()) {
			throw new IllegalStateException(
					"redis-server and redis-cli are not on the PATH " + "(install Debian's redis-server package)");
		}
		IllegalStateException failure = null;
		for (int attempt = 0; attempt < 3; attempt++) {
			RedisCluster cluster;
			try {
				cluster = new RedisCluster(Files.createTempDirectory("jwt-auth-redis-cluster-"));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			try {
				cluster.create();
				return cluster;
			}
			catch (RuntimeException ex) {
				// most likely a port taken between choosing it and binding it: try others
				cluster.close();
				failure = new IllegalStateException("Could not start a Redis Cluster: " + ex.getMessage(), ex);
			}
		}
		throw failure;
	}

	private void create() {
		List<Integer> ports = freePorts(NODES * 2);
		for (int i = 0; i < NODES; i++) {
			Node node = new Node(ports.get(i), ports.get(NODES + i), this.root.resolve("node-" + i));
			this.nodes.add(node);
			node.start();
		}
		await("every node answers", START_TIMEOUT, () -> this.nodes.stream().allMatch((n) -> Resp.answers(n.port)));
		List<String> command = new ArrayList<>(
				List.of(executable("redis-cli").orElseThrow().toString(), "--cluster", "create"));
		this.nodes.forEach((node) -> command.add("127.0.0.1:" + node.port));
		command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
		run(command);
		awaitHealthy(START_TIMEOUT);
	}

	/**
	 * The nodes as {@code host:port}, for {@code spring.data.redis.cluster.nodes}.
	 * @return the addresses of every node, running or not
	 */
	public List<String> nodes() {
		return this.nodes.stream().map((node) -> "127.0.0.1:" + node.port).toList();
	}

	/**
	 * The nodes as one comma-separated property value.
	 * @return {@code 127.0.0.1:p1,127.0.0.1:p2,…}
	 */
	public String nodesProperty() {
		return String.join(",", nodes());
	}

	/**
	 * The ports of the nodes.
	 * @return the ports
	 */
	public List<Integer> ports() {
		return this.nodes.stream().map((node) -> node.port).toList();
	}

	/**
	 * The hash slot of a key ({@code CLUSTER KEYSLOT}).
	 * @param key the key
	 * @return the slot
	 */
	public int slot(String key) {
		return ((Long) Resp.command(anyRunning().port, "CLUSTER", "KEYSLOT", key)).intValue();
	}

	/**
	 * The port of the master serving a slot, as a running node sees it.
	 * @param slot the slot
	 * @return the port, or empty if no healthy master serves it
	 */
	public Optional<Integer> masterOf(int slot) {
		for (String line : clusterNodes()) {
			String[] parts = line.split(" ");
			if (parts.length < 9 || !parts[2].contains("master") || parts[2].contains("fail")) {
				continue;
			}
			for (int i = 8; i < parts.length; i++) {
				String range = parts[i];
				if (range.startsWith("[")) {
					continue;
				}
				String[] bounds = range.split("-");
				int from = Integer.parseInt(bounds[0]);
				int to = Integer.parseInt(bounds[bounds.length - 1]);
				if (slot >= from && slot <= to) {
					return Optional.of(port(parts[1]));
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * The port of the master serving a key.
	 * @param key the key
	 * @return the port
	 */
	public int masterOf(String key) {
		int slot = slot(key);
		return masterOf(slot).orElseThrow(() -> new IllegalStateException("No master serves slot " + slot));
	}

	/**
	 * Kill a node's process with {@code SIGKILL}, as a crash would: nothing is flushed or
	 * handed over.
	 * @param port the node's port
	 */
	public void kill(int port) {
		node(port).kill();
	}

	/**
	 * Send a command to one node.
	 * @param port the node's port
	 * @param command the command and its arguments
	 * @return the reply: a string, a long, a list or {@code null}
	 */
	public @Nullable Object command(int port, String... command) {
		return Resp.command(port, command);
	}

	/**
	 * Freeze a node's process ({@code SIGSTOP}), as a hung or overloaded node: it keeps
	 * its connections but answers nothing, and as a replica it stops taking its master's
	 * writes.
	 * @param port the node's port
	 */
	public void pause(int port) {
		signal(port, "-STOP");
	}

	/**
	 * Let a frozen node run again ({@code SIGCONT}).
	 * @param port the node's port
	 */
	public void resume(int port) {
		signal(port, "-CONT");
	}

	private void signal(int port, String signal) {
		Process process = node(port).process;
		if (process == null || !process.isAlive()) {
			throw new IllegalStateException("Node " + port + " is not running");
		}
		run(List.of("kill", signal, Long.toString(process.pid())));
	}

	/**
	 * The port of a master's replica.
	 * @param masterPort the master's port
	 * @return the port of its (first) replica
	 */
	public int replicaOf(int masterPort) {
		List<String> lines = clusterNodes();
		String masterId = lines.stream()
			.map((line) -> line.split(" "))
			.filter((parts) -> parts.length > 2 && port(parts[1]) == masterPort)
			.map((parts) -> parts[0])
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No node on port " + masterPort));
		return lines.stream()
			.map((line) -> line.split(" "))
			.filter((parts) -> parts.length > 3 && parts[2].contains("slave") && parts[3].equals(masterId))
			.map((parts) -> port(parts[1]))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("Master " + masterPort + " has no replica"));
	}

	/**
	 * Start a killed node again in its directory: it rejoins the cluster (a master that
	 * was failed over comes back as a replica of its successor).
	 * @param port the node's port
	 */
	public void restart(int port) {
		Node node = node(port);
		node.start();
		await("node " + port + " answers", START_TIMEOUT, () -> Resp.answers(port));
	}

	/**
	 * Wait until every running node reports {@code cluster_state:ok}, every slot has a
	 * master, and every master has a replica in sync.
	 * @param timeout how long to wait at most
	 */
	public void awaitHealthy(Duration timeout) {
		await("the cluster is healthy", timeout, this::isHealthy);
	}

	/**
	 * Wait until a slot is served by a master other than a given node (after a failover).
	 * @param slot the slot
	 * @param formerMaster the port of the master that served it
	 * @param timeout how long to wait at most
	 * @return the port of the new master
	 */
	public int awaitFailover(int slot, int formerMaster, Duration timeout) {
		await("slot " + slot + " fails over", timeout,
				() -> masterOf(slot).filter((port) -> port != formerMaster).isPresent()
						&& running().allMatch((n) -> "ok".equals(clusterState(n.port))));
		return masterOf(slot).orElseThrow();
	}

	private boolean isHealthy() {
		try {
			if (!running().allMatch((n) -> "ok".equals(clusterState(n.port)))) {
				return false;
			}
			Set<Integer> masters = new HashSet<>();
			for (String line : clusterNodes()) {
				String[] parts = line.split(" ");
				if (parts.length >= 9 && parts[2].contains("master") && !parts[2].contains("fail")) {
					masters.add(port(parts[1]));
				}
			}
			return masters.size() == NODES / 2 && masters.stream().allMatch((port) -> {
				String replica = info(port, "replication", "slave0");
				return replica != null && replica.contains("state=online");
			});
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static @Nullable String clusterState(int port) {
		return field(Resp.text(port, "CLUSTER", "INFO"), "cluster_state");
	}

	private static @Nullable String info(int port, String section, String field) {
		return field(Resp.text(port, "INFO", section), field);
	}

	private static @Nullable String field(String text, String field) {
		for (String line : text.split("\r\n")) {
			if (line.startsWith(field + ":")) {
				return line.substring(field.length() + 1).trim();
			}
		}
		return null;
	}

	private List<String> clusterNodes() {
		return List.of(Resp.text(anyRunning().port, "CLUSTER", "NODES").split("\n"));
	}

	private static int port(String address) {
		String hostPort = address.split("@")[0];
		return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
	}

	private Stream<Node> running() {
		return this.nodes.stream().filter(Node::isRunning);
	}

	private Node anyRunning() {
		return running().filter((n) -> Resp.answers(n.port))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No Redis node is running"));
	}

	private Node node(int port) {
		return this.nodes.stream()
			.filter((n) -> n.port == port)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No node on port " + port));
	}

	/**
	 * Kill every node and remove the directories.
	 */
	@Override
	public synchronized void close() {
		this.nodes.forEach(Node::kill);
		try (Stream<Path> paths = Files.walk(this.root)) {
			paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ex) {
			// a temporary directory left behind is not worth failing the tests for
		}
	}

	@Override
	public String toString() {
		return "RedisCluster" + nodes();
	}

	private static void await(String what, Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out after " + timeout + " waiting until " + what);
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted waiting until " + what, ex);
			}
		}
	}

	private static List<Integer> freePorts(int count) {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				socket.setReuseAddress(true);
				sockets.add(socket);
			}
			return sockets.stream().map(ServerSocket::getLocalPort).collect(Collectors.toList());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			for (ServerSocket socket : sockets) {
				try {
					socket.close();
				}
				catch (IOException ex) {
					// nothing to do
				}
			}
		}
	}

	private static void run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static Optional<Path> executable(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String dir : path.split(File.pathSeparator)) {
			Path candidate = Path.of(dir, name);
			if (Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/**
	 * One {@code redis-server} process.
	 */
	private static final class Node {

		private final int port;

		private final int busPort;

		private final Path dir;

		private @Nullable Process process;

		Node(int port, int busPort, Path dir) {
			this.port = port;
			this.busPort = busPort;
			this.dir = dir;
		}

		synchronized void start() {
			try {
				Files.createDirectories(this.dir);
				this.process = new ProcessBuilder(executable("redis-server").orElseThrow().toString(), "--port",
						Integer.toString(this.port), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
						"--cluster-port", Integer.toString(this.busPort), "--cluster-config-file", "nodes.conf",
						"--cluster-node-timeout", "3000", "--cluster-require-full-coverage", "no", "--save", "",
						"--appendonly", "no", "--dir", this.dir.toString(), "--daemonize", "no", "--logfile",
						this.dir.resolve("redis.log").toString())
					.redirectErrorStream(true)
					.redirectOutput(this.dir.resolve("stdout.log").toFile())
					.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		synchronized boolean isRunning() {
			return this.process != null && this.process.isAlive();
		}

		synchronized void kill() {
			Process running = this.process;
			if (running != null) {
				running.destroyForcibly();
				try {
					running.waitFor(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				this.process = null;
			}
		}

	}

}
