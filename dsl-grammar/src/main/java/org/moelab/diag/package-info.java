/** Diagnostics as values: severity, code, message, span and help; one renderer prints them. */
package org.moelab.diag;
