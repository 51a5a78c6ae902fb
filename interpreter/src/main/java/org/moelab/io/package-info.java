/**
 * Tensor files: safetensors (single and sharded), {@code .npy} and {@code .npz}.
 *
 * <p>Readers implement {@link org.moelab.io.TensorSource}: they validate headers up front, treat
 * every size and offset in a file as hostile until checked against the real file length, and read
 * tensor data lazily from memory-mapped buffers. Every failure is a {@link
 * org.moelab.io.TensorFileException} whose message names the file, the problem and, where
 * possible, the fix. Writers are atomic: they write a temporary file in the target directory,
 * force it to disk and rename it over the target, so a failed or killed write never leaves a
 * corrupt output. {@link org.moelab.io.TensorFiles} picks the format from the path.
 */
package org.moelab.io;
