package io.tandem.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The throwaway cluster holds Kea 2.2's schema, restarts, and leaves nothing behind. */
@Tag("system")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgresClusterTest {
    @Test
    void holdsKeaSchemaRestartsAndIsRemoved() throws Exception {
        Path data;
        long pid;
        try (PostgresCluster cluster = PostgresCluster.start()) {
            assertEquals("13|0", cluster.sql("SELECT version, minor FROM schema_version"));
            assertEquals("lease4\nlease6\nlease6_types\nlease_hwaddr_source\nlease_state",
                    cluster.sql("SELECT tablename FROM pg_tables WHERE tablename IN ('lease4', 'lease6', 'lease_state',"
                            + " 'lease6_types', 'lease_hwaddr_source') ORDER BY tablename"));
            pid = cluster.serverPid();
            assertTrue(Files.exists(Path.of("/proc/" + pid)));
            cluster.stopServer();
            assertEquals(-1, cluster.serverPid());
            cluster.startServer();
            assertEquals("0", cluster.sql("SELECT count(*) FROM lease6"));
            pid = cluster.serverPid();
            data = Path.of(cluster.sql("SHOW data_directory"));
        }
        assertFalse(Files.exists(Path.of("/proc/" + pid)) && !Files.readString(Path.of("/proc/" + pid + "/stat")).contains(") Z"),
                "the server is stopped");
        assertFalse(Files.exists(data.getParent()), "the folder is removed");
    }
}
