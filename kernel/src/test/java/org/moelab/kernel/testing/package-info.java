/** Test helpers: a raw-ZeroMQ Jupyter client and a scripted session for protocol tests. */
package org.moelab.kernel.testing;
