package org.moelab.runtime;

import org.moelab.session.Display;

/** A value with its own rich display (tables, heatmaps, charts) for {@code show} and notebooks. */
public interface Displayable {
  /** The display; called only while running, so it may read tensor data. */
  Display display(CallContext ctx);
}
