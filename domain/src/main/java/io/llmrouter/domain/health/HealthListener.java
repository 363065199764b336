package io.llmrouter.domain.health;

import io.llmrouter.domain.resource.ResourceId;
import java.time.Duration;

/** Told of every ejection and every return, after the change is visible (logs, metrics, health reports). */
public interface HealthListener {

    HealthListener NONE = new HealthListener() {
        @Override
        public void ejected(ResourceId pod, PodHealth health, Duration duration, String reason) {
        }

        @Override
        public void returned(ResourceId pod, PodHealth health) {
        }
    };

    /** {@code pod} is out of rotation for {@code duration} (its {@code health.ejectionsTotal()}-th ejection). */
    void ejected(ResourceId pod, PodHealth health, Duration duration, String reason);

    /** {@code pod}'s trial request succeeded: it is back in rotation. */
    void returned(ResourceId pod, PodHealth health);
}
