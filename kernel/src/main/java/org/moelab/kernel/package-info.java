/**
 * The MoE Lab Jupyter kernel: {@link org.moelab.kernel.MoeKernel} (the process a frontend starts),
 * {@link org.moelab.kernel.KernelServer} (sockets, handlers and session wired together) and
 * {@link org.moelab.kernel.KernelInstaller} (the {@code moe} kernelspec).
 */
package org.moelab.kernel;
