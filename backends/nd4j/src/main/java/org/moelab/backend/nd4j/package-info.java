/**
 * The ND4J backend: IR ops on nd4j-native (CPU, AVX2 build) with OpenBLAS 0.3.28.
 * {@link org.moelab.backend.nd4j.Nd4jBackendProvider} plugs it in as {@code nd4j}.
 */
package org.moelab.backend.nd4j;
