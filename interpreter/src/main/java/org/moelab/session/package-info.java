/**
 * The {@link org.moelab.session.Session} API: the command line and the kernel are thin adapters
 * over it.
 */
package org.moelab.session;
