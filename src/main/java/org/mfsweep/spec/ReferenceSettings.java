package org.mfsweep.spec;

import java.io.Serializable;

/**
 * The reference solution computed once per problem (the {@code reference} block): minimum
 * nuclear norm (sensing, completion), minimum ℓ1 (diagonal), minimum ℓ2 (least-squares).
 *
 * @param tolerance every certificate residual the solver must reach
 * @param maxIterations iterations the solver may take before reporting non-convergence
 */
public record ReferenceSettings(boolean enabled, double tolerance, int maxIterations) implements Serializable {}
