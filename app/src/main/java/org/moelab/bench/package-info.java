/** Benchmarks run by {@code moe bench}: each reports against a baseline measured in the same run. */
package org.moelab.bench;
