package id.jamsos.gateway.ops;

import id.jamsos.gateway.support.MutableClock;
import com.jcraft.jsch.JSchException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostKeyAlarmTest {

    final MutableClock clock = new MutableClock(Instant.ofEpochMilli(1_000_000));
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final HostKeyAlarm alarm = new HostKeyAlarm(registry, clock);

    @Test
    void jschRefusingTheKeyIsRecognisedAnywhereInTheCauseChainAndNothingElseIs() {
        assertThat(HostKeyAlarm.isHostKeyRefusal(new GenericFileOperationFailedException("Cannot connect to sftp://a@h:22",
                new JSchException("HostKey has been changed: [h]:22")))).isTrue();
        assertThat(HostKeyAlarm.isHostKeyRefusal(new RuntimeException("x", new GenericFileOperationFailedException(
                "Cannot connect", new JSchException("reject HostKey: h"))))).isTrue();
        assertThat(HostKeyAlarm.isHostKeyRefusal(new GenericFileOperationFailedException("Cannot connect to sftp://a@h:22",
                new JSchException("Auth fail")))).isFalse();
        assertThat(HostKeyAlarm.isHostKeyRefusal(new java.net.ConnectException("Connection refused"))).isFalse();
        assertThat(HostKeyAlarm.isHostKeyRefusal(null)).isFalse();
    }

    @Test
    void theFirstRefusalIsAnErrorThenOnlyOnePerRepeatWhileEveryRefusalIsCounted() {
        alarm.watch("dinas-sosial", "sftp.example", 2222, "/etc/jamsos/known_hosts");
        assertThat(counted("dinas-sosial")).isZero();

        assertThat(alarm.refused("dinas-sosial", "intake poll")).isTrue();
        clock.advance(Duration.ofMillis(5_000));
        assertThat(alarm.refused("dinas-sosial", "intake poll")).isFalse();
        // Another kind of connection has its own first ERROR: a report not delivered is news.
        assertThat(alarm.refused("dinas-sosial", "report upload")).isTrue();
        clock.advance(Duration.ofMillis(HostKeyAlarm.REPEAT.toMillis() - 5_001));
        assertThat(alarm.refused("dinas-sosial", "intake poll")).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(alarm.refused("dinas-sosial", "intake poll")).isTrue();
        assertThat(alarm.refused("dinas-sosial", "intake poll")).isFalse();

        assertThat(counted("dinas-sosial")).isEqualTo(6);
        HostKeyAlarm.Mismatch m = alarm.active().get("dinas-sosial");
        assertThat(m.hostPort()).isEqualTo("sftp.example:2222");
        assertThat(m.knownHostsFile()).isEqualTo("/etc/jamsos/known_hosts");
        assertThat(m.refusals()).isEqualTo(6);
        assertThat(m.since()).isEqualTo(Instant.ofEpochMilli(1_000_000));
    }

    @Test
    void aSuccessfulConnectionClearsTheAlarmSoTheNextRefusalIsAnErrorAgain() {
        alarm.watch("dinas-sosial", "sftp.example", 22, "kh");
        alarm.watch("distrik-sorong-timur", "sftp.example", 22, "kh");
        alarm.refused("dinas-sosial", "intake poll");
        alarm.refused("distrik-sorong-timur", "intake poll");

        alarm.connected("dinas-sosial");
        assertThat(alarm.active()).containsOnlyKeys("distrik-sorong-timur");
        clock.advance(Duration.ofMillis(1_000));
        assertThat(alarm.refused("dinas-sosial", "intake poll")).isTrue();
        assertThat(alarm.active().get("dinas-sosial").refusals()).isEqualTo(1);
        // The counter is a total for Prometheus: it never goes back.
        assertThat(counted("dinas-sosial")).isEqualTo(2);

        alarm.forget("distrik-sorong-timur");
        assertThat(alarm.active()).containsOnlyKeys("dinas-sosial");
    }

    @Test
    void theCounterIsNamedForPrometheusAsOperatorsAlertOnIt() {
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry prometheus =
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        HostKeyAlarm exported = new HostKeyAlarm(prometheus, clock);
        exported.watch("dinas-sosial", "h", 22, "kh");
        exported.refused("dinas-sosial", "intake poll");
        assertThat(prometheus.scrape()).contains("jamsos_sftp_host_key_mismatch_total{agency=\"dinas-sosial\"} 1.0");
    }

    private double counted(String agency) {
        return registry.get(HostKeyAlarm.METER).tag("agency", agency).counter().count();
    }
}
