/**
 * The core built-ins: language functions (print, len, range), tensor creation, elementwise math,
 * reductions, shape changes, indexing and files. Stdlib components live in {@code stdlib-experts}.
 */
package org.moelab.builtins;
