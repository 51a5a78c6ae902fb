/**
 * Built-ins that notebooks need and the kernel contributes to every session through {@link
 * org.moelab.runtime.BuiltinProvider}: {@code clear_output} and {@code warn}.
 */
package org.moelab.kernel.builtins;
