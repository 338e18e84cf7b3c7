package connectdo.opensearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * Runs a single-node OpenSearch in this JVM, for development and CI only.
 *
 * <p>A distribution tarball normally lays the modules out under modules/ and loads each in its
 * own class loader. Here everything comes from Maven Central as ordinary jars on one classpath,
 * so the modules are handed to the node as "classpath plugins" — the same mechanism
 * OpenSearch's own test framework (MockNode) uses. No security plugin is loaded, so the REST API
 * is plain HTTP without authentication; it only listens on 127.0.0.1.
 *
 * <p>Usage: {@code java -cp ... connectdo.opensearch.Launcher RUN_DIR}; ports come from the
 * environment variables OPENSEARCH_PORT (default 9200) and OPENSEARCH_TRANSPORT_PORT (9300).
 * A single node unless OPENSEARCH_SEED_HOSTS names the cluster's transport addresses (then
 * OPENSEARCH_NODE_NAME and OPENSEARCH_INITIAL_MANAGERS too; see services.sh cluster).
 */
public final class Launcher {

    /** The modules a Wagtail / modelsearch index needs, loaded from the classpath. */
    private static final List<Class<? extends Plugin>> MODULES = List.of(
        Netty4Plugin.class,          // HTTP + transport layer (without it there is no REST API)
        CommonAnalysisPlugin.class,  // edge_ngram, ngram, asciifolding, index.max_ngram_diff ...
        PainlessPlugin.class,        // scripts (update_by_query, script_score)
        MapperExtrasPlugin.class,    // search_as_you_type, scaled_float, rank_feature ...
        ReindexPlugin.class          // _reindex, _update_by_query, _delete_by_query
    );

    /** Node's constructor that accepts classpath plugins is protected, hence this subclass. */
    private static final class ClasspathPluginsNode extends Node {
        ClasspathPluginsNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

    public static void main(String[] args) throws Exception {
        Path runDir = Path.of(args.length > 0 ? args[0] : ".run/opensearch").toAbsolutePath().normalize();
        Path config = Files.createDirectories(runDir.resolve("config"));
        Files.createDirectories(runDir.resolve("data"));
        Files.createDirectories(runDir.resolve("logs"));

        String nodeName = env("OPENSEARCH_NODE_NAME", "dev-node");
        Settings.Builder builder = Settings.builder()
            .put("path.home", runDir.toString())
            .put("path.data", runDir.resolve("data").toString())
            .put("path.logs", runDir.resolve("logs").toString())
            .put("cluster.name", env("OPENSEARCH_CLUSTER_NAME", "connectdo-dev"))
            .put("node.name", nodeName)
            .put("network.host", "127.0.0.1")
            .put("http.port", env("OPENSEARCH_PORT", "9200"))
            .put("transport.port", env("OPENSEARCH_TRANSPORT_PORT", "9300"))
            // The project's indexes are only ever created on purpose: a write to a missing
            // one (a borough's alias removed) must fail, never create a bare index.
            .put("action.auto_create_index", env("OPENSEARCH_AUTO_CREATE_INDEX", "-*connectdo_*,+*"))
            // A nearly full disk on a dev machine or CI must not turn indexes read-only.
            .put("cluster.routing.allocation.disk.threshold_enabled", false);
        // A cluster (infrastructure/services.sh cluster up): the other nodes' transport
        // addresses, and the names of the nodes that elect the first cluster manager.
        String seeds = env("OPENSEARCH_SEED_HOSTS", "");
        if (seeds.isBlank()) {
            builder.put("discovery.type", "single-node");
        } else {
            builder.putList("discovery.seed_hosts", seeds.split(","));
            builder.putList("cluster.initial_cluster_manager_nodes", env("OPENSEARCH_INITIAL_MANAGERS", nodeName).split(","));
        }
        Settings settings = builder.build();
        // Reads config/opensearch.yml too, if someone drops one into the run directory.
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), config, () -> nodeName);

        Logger logger = LogManager.getLogger(Launcher.class);
        Node node = new ClasspathPluginsNode(environment, MODULES);
        CountDownLatch stopped = new CountDownLatch(1);

        // SIGTERM/SIGINT run shutdown hooks: close the node so Lucene commits and the data
        // directory lock is released. start.sh passes -Dlog4j.shutdownHookEnabled=false so
        // logging still works while we close; we shut log4j down ourselves at the end.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                logger.info("stopping OpenSearch");
                node.close();
                if (!node.awaitClose(20, TimeUnit.SECONDS)) {
                    logger.warn("node did not close within 20s");
                }
                logger.info("stopped");
            } catch (Exception e) {
                logger.error("error while stopping", e);
            } finally {
                stopped.countDown();
                Configurator.shutdown((org.apache.logging.log4j.core.LoggerContext) LogManager.getContext(false));
            }
        }, "opensearch-shutdown"));

        try {
            node.start();
        } catch (Exception e) {
            logger.error("OpenSearch failed to start", e);
            System.exit(1);
        }
        logger.info("OpenSearch {} ready on http://127.0.0.1:{} (data in {})",
            org.opensearch.Version.CURRENT, env("OPENSEARCH_PORT", "9200"), runDir);

        // OpenSearch's own threads are daemon threads; keep the JVM alive until a signal arrives.
        stopped.await();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
