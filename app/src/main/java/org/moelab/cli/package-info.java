/** The {@code moe} command line: a thin adapter over the {@link org.moelab.session.Session} API. */
package org.moelab.cli;
