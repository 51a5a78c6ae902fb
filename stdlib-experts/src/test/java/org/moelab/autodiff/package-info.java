/** Gradient checks of the IR autodiff against finite differences on every backend. */
package org.moelab.autodiff;
