/**
 * The backend SPI: a {@link org.moelab.backend.Backend} executes IR ops on its own arrays and is
 * found through {@link org.moelab.backend.BackendProvider} by {@link java.util.ServiceLoader}.
 */
package org.moelab.backend;
