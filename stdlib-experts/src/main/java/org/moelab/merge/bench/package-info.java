/** The merge benchmark: generated multi-gigabyte checkpoints, streamed TIES against a load-everything baseline. */
package org.moelab.merge.bench;
