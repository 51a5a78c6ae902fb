/**
 * The default backend: IR ops on DJL's PyTorch engine, with the bundled CPU natives so it starts
 * with no network. {@link org.moelab.backend.djl.DjlBackendProvider} plugs it in as {@code djl}.
 */
package org.moelab.backend.djl;
