/**
 * The KServe Open Inference Protocol v2 over Dubbo Triple. The messages and stubs in {@code
 * io.dubboai.serving.oip.grpc} are generated at build time from {@code grpc_predict_v2.proto}.
 */
@NullMarked
package io.dubboai.serving.oip;

import org.jspecify.annotations.NullMarked;
