package org.facelfs.policy;

import java.util.List;

/**
 * Everything a policy learns, as plain lists for the JSON state: the mean μ, log σ, and Adam's
 * step count and moments (over μ, followed by log σ when σ is learned). Empty for policies
 * that learn nothing (Random-Softmax, Fixed).
 */
public record PolicyState(List<Double> mu, List<Double> logSigma, long adamStep, List<Double> adamM, List<Double> adamV) {

    /** The state of a policy that learns nothing. */
    public static final PolicyState NONE = new PolicyState(List.of(), List.of(), 0, List.of(), List.of());

    public PolicyState {
        mu = List.copyOf(mu);
        logSigma = List.copyOf(logSigma);
        adamM = List.copyOf(adamM);
        adamV = List.copyOf(adamV);
    }

    /** σ = e^{log σ} per component, for reports. */
    public List<Double> sigma() {
        return logSigma.stream().map(Math::exp).toList();
    }
}
