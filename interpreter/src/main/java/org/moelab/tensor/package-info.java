/** Element types, concrete shapes and host-memory tensors: the exchange format of files and backends. */
package org.moelab.tensor;
