package dev.shopfloor.readmodel.leadership;

import dev.shopfloor.readmodel.config.ReadModelProperties;
import dev.shopfloor.readmodel.rebuild.ReadModelRuntime;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.leader.Candidate;
import org.springframework.integration.leader.Context;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;

/**
 * Elects, among the pods of read-model-service, the one that runs the CDC engines and rebuilds (the projector
 * leader); every pod answers queries. Spring Integration's {@link LockRegistryLeaderInitiator} holds a lock of a
 * {@link JdbcLockRegistry} in the read model's own database (table {@code int_lock}, region
 * {@value #REGION}): the leader renews it every {@code heartbeat}; the others try to take it as often. A leader that
 * stops cleanly lets go at once; one that dies holding it is replaced once its {@code lease} ran out.
 *
 * <p>Leadership is an optimisation, not what keeps the projection right: a replication slot streams to one connection
 * at a time, and the projection skips what it applied before, so even two pods that both believe they lead (one
 * paused past its lease) cannot apply a change twice; a rebuild's switch also checks a fencing token
 * ({@link dev.shopfloor.readmodel.rebuild.Generations#switchTo}). docs/adr/0011-one-projector-many-readers.md.
 *
 * <p>Gauge {@value #LEADER_GAUGE}: 1 on the leader, 0 on the others; its sum over the pods is 1 when all is well.
 */
@Configuration(proxyBeanMethods = false)
class ProjectorLeadership {

    /** The lock's region in {@code int_lock}. */
    static final String REGION = ReadModelRuntime.LEADER_LOCK_REGION;

    /** Gauge (Prometheus {@code shopfloor_readmodel_projector_leader}). */
    static final String LEADER_GAUGE = "shopfloor.readmodel.projector.leader";

    private static final Logger log = LoggerFactory.getLogger(ProjectorLeadership.class);

    // No destroy method: its close() deletes this pod's locks, which the initiator's stop has released already; and
    // when the database is gone by then (a test JVM's shutdown), it would wait for a connection that never comes.
    @Bean(destroyMethod = "")
    DefaultLockRepository projectorLockRepository(DataSource dataSource, ReadModelRuntime runtime) {
        DefaultLockRepository repository = new DefaultLockRepository(dataSource, runtime.instanceName());
        repository.setRegion(REGION);
        repository.setPrefix("int_");
        return repository;
    }

    @Bean
    JdbcLockRegistry projectorLocks(DefaultLockRepository projectorLockRepository, ReadModelProperties properties) {
        JdbcLockRegistry registry = new JdbcLockRegistry(
                projectorLockRepository, properties.leader().lease());
        registry.setIdleBetweenTries(properties.leader().heartbeat());
        return registry;
    }

    @Bean
    LockRegistryLeaderInitiator projectorLeaderInitiator(
            JdbcLockRegistry projectorLocks,
            ReadModelRuntime runtime,
            ReadModelProperties properties,
            MeterRegistry meters) {
        Candidate candidate = new ProjectorCandidate(runtime);
        LockRegistryLeaderInitiator initiator = new LockRegistryLeaderInitiator(projectorLocks, candidate);
        // Daemon threads: a thread still releasing the lease must not keep the JVM from exiting.
        SimpleAsyncTaskExecutor threads = new SimpleAsyncTaskExecutor("projector-leadership-");
        threads.setDaemon(true);
        initiator.setTaskExecutor(threads);
        initiator.setHeartBeatMillis(properties.leader().heartbeat().toMillis());
        initiator.setBusyWaitMillis(properties.leader().heartbeat().toMillis());
        // After the runtime (which loads the current generation); stopped before it, so a pod that shuts down lets its
        // engines go and hands the lease over before anything else stops.
        initiator.setPhase(ReadModelRuntime.PHASE + 50);
        Gauge.builder(LEADER_GAUGE, runtime, r -> r.isLeading() ? 1 : 0)
                .description("1 on the pod that runs the read model's CDC engines, 0 on the others")
                .register(meters);
        return initiator;
    }

    /** Runs the engines while this pod leads. */
    private record ProjectorCandidate(ReadModelRuntime runtime) implements Candidate {

        @Override
        public String getRole() {
            return REGION;
        }

        @Override
        public String getId() {
            return runtime.instanceName();
        }

        @Override
        public void onGranted(Context context) {
            log.info("{} leads the projection", runtime.instanceName());
            try {
                runtime.lead();
            } catch (RuntimeException e) {
                log.warn("cannot take the lead ({}); letting another pod have it", e.getMessage());
                runtime.follow();
                context.yield();
            }
        }

        @Override
        public void onRevoked(Context context) {
            log.info("{} no longer leads the projection", runtime.instanceName());
            runtime.follow();
        }
    }
}
