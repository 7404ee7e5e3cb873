/**
 * Training jobs: a Kubeflow {@code PyTorchJob} submitted from a {@link io.dubboai.deployment.training.TrainingJobSpec},
 * followed, and on success its artifact registered as a new model version with lineage to the job.
 */
@NullMarked
package io.dubboai.deployment.training;

import org.jspecify.annotations.NullMarked;
