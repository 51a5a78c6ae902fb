/**
 * Request handlers: execute (with magics, streams, displays, results and errors), completion,
 * inspection, is_complete, history, kernel info, interrupt and shutdown — each a thin mapping onto
 * the {@link org.moelab.session.Session} API.
 */
package org.moelab.kernel.shell;
