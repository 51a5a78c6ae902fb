package org.moelab.merge.stream;

/**
 * What a streamed merge keeps from tensor to tensor for {@link SinglePassMerge}: the input files'
 * channels, the undecided lists and the buffers that inputs are read into. One per merge.
 *
 * @param channels the input files, opened once
 * @param undecided the undecided lists
 * @param reads the workers' read buffers
 */
record StreamResources(FileChannels channels, UndecidedPool undecided, ReadBuffers reads) implements AutoCloseable {
  /** New, empty resources. */
  static StreamResources create() {
    return new StreamResources(new FileChannels(), new UndecidedPool(), new ReadBuffers());
  }

  @Override
  public void close() {
    channels.close();
  }
}
