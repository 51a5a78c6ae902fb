/**
 * The Jupyter wire layer: sockets bound from a connection file, blocking poll loops (no sleeps),
 * signed message envelopes and the reply contents the base library lacks. Message classes, JSON
 * adapters and HMAC signing come from {@code org.dflib.jjava:jjava-jupyter}.
 */
package org.moelab.kernel.protocol;
