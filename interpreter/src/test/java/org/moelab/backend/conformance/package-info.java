/**
 * The backend conformance suite: {@link org.moelab.backend.conformance.BackendConformanceTest}
 * checks every IR op against PyTorch fixtures; each backend module runs it with a one-line
 * subclass (it ships in the interpreter test-jar).
 */
package org.moelab.backend.conformance;
