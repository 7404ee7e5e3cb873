package io.dubboai.monitor.control.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.dubboai.monitor.control.ModelMonitoringComponent;
import io.dubboai.monitor.control.alert.ModelAlertingComponent;
import io.dubboai.monitor.control.drift.DriftReports;
import org.apache.dubbo.common.URL;
import org.apache.dubbo.common.config.configcenter.DynamicConfiguration;
import org.apache.dubbo.common.config.configcenter.nop.NopDynamicConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ModelMonitoringAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ModelMonitoringAutoConfiguration.class))
            .withPropertyValues("dubbo.ai.monitoring.registry-address=");

    /** The runner with a config center that keeps nothing (enough for the beans to be created). */
    private ApplicationContextRunner withConfigCenter() {
        return runner.withBean(
                DynamicConfiguration.class, () -> new NopDynamicConfiguration(URL.valueOf("nop://127.0.0.1")));
    }

    @Test
    void withoutConfigCenter_monitoringRunsButAlertingAndDriftStayOff() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(ModelMonitoringComponent.class);
            assertThat(context).doesNotHaveBean(ModelAlertingComponent.class);
            assertThat(context).doesNotHaveBean(DriftReports.class);
        });
    }

    @Test
    void withConfigCenter_alertingAndDriftAreBeans() {
        withConfigCenter().run(context -> {
            assertThat(context).hasSingleBean(ModelAlertingComponent.class);
            assertThat(context).hasSingleBean(DriftReports.class);
            assertThat(context.getBean(ModelAlertingComponent.class).needsLeadership())
                    .isTrue();
        });
    }

    @Test
    void badAlertingWindow_failsStartupNamingIt() {
        withConfigCenter()
                .withPropertyValues(
                        "dubbo.ai.monitoring.alerting.windows[0].long-window=5m",
                        "dubbo.ai.monitoring.alerting.windows[0].short-window=1h")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessage("burn-rate longWindow must be longer than shortWindow (PT1H), but was PT5M"));
    }
}
