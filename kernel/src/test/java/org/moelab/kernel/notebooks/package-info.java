/**
 * End-to-end tests of the notebooks under {@code notebooks/}: headless execution with Jupyter's
 * {@code nbconvert} and a real-browser test of Jupyter Notebook with Debian's Chromium. Both run
 * the real kernel from this test class path through a temporary kernelspec ({@link
 * org.moelab.kernel.notebooks.JupyterSandbox}).
 */
package org.moelab.kernel.notebooks;
